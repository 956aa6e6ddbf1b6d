import type { BlockJson, BlocksReportJson } from '../../analytics/reports/blocks-report.js';
import { systemTimeZone } from '../../analytics/reports/local-time.js';
import type { Palette } from './color.js';
import { formatDuration, formatLocalTime, formatTokens, formatUsd, shortModelName } from './numbers.js';
import { renderTable, type Column, type TableRow } from './table.js';

const COLUMNS: Column[] = [
  { header: 'Block Start', align: 'left' },
  { header: 'Duration/Status', align: 'left' },
  { header: 'Models', align: 'left' },
  { header: 'Tokens', align: 'right' },
  { header: 'Cost (USD)', align: 'right' },
];

/** 5-hour blocks: one row per block or gap, then burn rate and projection of the active block. */
export function renderBlocksTable(report: BlocksReportJson, paint: Palette, opts: { width?: number; timezone?: string }): string {
  if (report.blocks.length === 0) return 'No usage blocks found.';
  const zone = opts.timezone ?? systemTimeZone();
  const rows = report.blocks.map((block) => blockRow(block, zone, paint));
  const lines = [renderTable(COLUMNS, rows, paint, opts.width)];
  for (const block of report.blocks) if (block.isActive) lines.push(...activeNotes(block, zone, paint));
  return lines.join('\n');
}

function blockRow(block: BlockJson, zone: string, paint: Palette): TableRow {
  const start = Date.parse(block.startTime);
  const end = Date.parse(block.endTime);
  if (block.isGap) {
    const span = `${formatLocalTime(start, zone)} - ${formatLocalTime(end, zone)}`;
    return { kind: 'main', cells: [paint.dim(span), paint.dim(`(${formatDuration(end - start)} gap)`), '-', '-', '-'] };
  }
  const elapsed = formatDuration(Date.parse(block.actualEndTime ?? block.startTime) - start);
  const status = block.isActive ? paint.active(`ACTIVE (${elapsed})`) : elapsed;
  const models = block.models.map((model) => `- ${shortModelName(model)}`).join('\n');
  return { kind: 'main', cells: [formatLocalTime(start, zone), status, models, formatTokens(block.totalTokens), formatUsd(block.costUSD)] };
}

function activeNotes(block: BlockJson, zone: string, paint: Palette): string[] {
  const notes = ['', paint.active(`Active block ends ${formatLocalTime(Date.parse(block.endTime), zone)}`)];
  if (block.burnRate) {
    notes.push(`Burn rate: ${formatTokens(block.burnRate.tokensPerMinute)} tokens/min, ${formatUsd(block.burnRate.costPerHour)}/hour`);
  }
  if (block.projection) {
    const { totalTokens, totalCost, remainingMinutes } = block.projection;
    notes.push(`Projected by block end: ${formatTokens(totalTokens)} tokens, ${formatUsd(totalCost)} (${formatDuration(remainingMinutes * 60_000)} left)`);
  }
  return notes;
}
