import type { ReportKind } from '../../analytics/reports/options.js';
import type { ModelBreakdownJson, ReportMetaJson, TokenFieldsJson } from '../../analytics/reports/json-shape.js';
import type { PeriodRowJson } from '../../analytics/reports/period-report.js';
import type { SessionRowJson } from '../../analytics/reports/session-report.js';
import type { BlocksReportJson } from '../../analytics/reports/blocks-report.js';
import { palette, type Palette } from './color.js';
import { formatTokens, formatUsd, shortModelName } from './numbers.js';
import { renderTable, type Column, type TableRow } from './table.js';
import { renderBlocksTable } from './blocks-table.js';

export interface TableOptions {
  breakdown?: boolean;
  color?: boolean;
  /** terminal columns; the cache columns are dropped when the table would be wider */
  width?: number;
  /** zone for the local times shown (blocks, session last activity); default the system zone */
  timezone?: string;
}

const TITLES: Record<ReportKind, string> = {
  daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', session: 'By session', blocks: '5-hour billing blocks',
};

const FIRST_COLUMN = { daily: 'Date', weekly: 'Week', monthly: 'Month' } as const;

const TOKEN_COLUMNS: Column[] = [
  { header: 'Input', align: 'right' },
  { header: 'Output', align: 'right' },
  { header: 'Cache Create', align: 'right', optional: true },
  { header: 'Cache Read', align: 'right', optional: true },
  { header: 'Total Tokens', align: 'right' },
  { header: 'Cost (USD)', align: 'right' },
];

/** Renders a report document (as built by buildReport) as a readable table plus notes. */
export function renderReportDocument(kind: ReportKind, report: object, opts: TableOptions): string {
  const paint = palette(opts.color ?? false);
  const meta = report as ReportMetaJson;
  const title = paint.header(`Sightline usage report — ${TITLES[kind]} (costs: ${meta.costSource ?? 'auto'})`);
  const body = kind === 'blocks'
    ? renderBlocksTable(report as BlocksReportJson, paint, opts)
    : renderRowsTable(kind, report as Record<string, unknown>, paint, opts);
  return [title, '', body, ...unpricedWarning(meta, paint)].join('\n') + '\n';
}

function renderRowsTable(kind: Exclude<ReportKind, 'blocks'>, report: Record<string, unknown>, paint: Palette, opts: TableOptions): string {
  const rows = (report[kind] ?? []) as Array<PeriodRowJson | SessionRowJson>;
  if (rows.length === 0) return 'No usage data found.';
  const isSession = kind === 'session';
  const columns: Column[] = [
    { header: isSession ? 'Session' : FIRST_COLUMN[kind], align: 'left' },
    ...(isSession ? [{ header: 'Project', align: 'left' as const, optional: true }] : []),
    { header: 'Models', align: 'left' },
    ...TOKEN_COLUMNS,
    ...(isSession ? [{ header: 'Last Activity', align: 'left' as const }] : []),
  ];
  const lead = (row: PeriodRowJson | SessionRowJson) => (isSession ? [row.period, (row as SessionRowJson).projectPath ?? ''] : [row.period]);
  const tail = (row: PeriodRowJson | SessionRowJson) => (isSession ? [(row as SessionRowJson).lastActivity.slice(0, 10)] : []);
  const tableRows: TableRow[] = [];
  for (const row of rows) {
    tableRows.push({ kind: 'main', cells: [...lead(row), modelList(row.modelsUsed), ...tokenCells(row), ...tail(row)] });
    if (opts.breakdown) tableRows.push(...row.modelBreakdowns.map((model) => breakdownRow(model, lead(row).length)));
  }
  const totals = report.totals as TokenFieldsJson;
  tableRows.push({ kind: 'total', cells: ['Total', ...(isSession ? [''] : []), '', ...tokenCells(totals)] });
  return renderTable(columns, tableRows, paint, opts.width);
}

function modelList(models: string[]): string {
  return models.map((model) => `- ${shortModelName(model)}`).join('\n');
}

function tokenCells(fields: TokenFieldsJson): string[] {
  return [
    formatTokens(fields.inputTokens),
    formatTokens(fields.outputTokens),
    formatTokens(fields.cacheCreationTokens),
    formatTokens(fields.cacheReadTokens),
    formatTokens(fields.totalTokens),
    formatUsd(fields.totalCost),
  ];
}

function breakdownRow(model: ModelBreakdownJson, leadCells: number): TableRow {
  const totalTokens = model.inputTokens + model.outputTokens + model.cacheCreationTokens + model.cacheReadTokens;
  const name = `  └─ ${shortModelName(model.modelName)}${model.missingPricing ? ' (no price)' : ''}`;
  return {
    kind: 'detail',
    cells: [
      ...Array<string>(leadCells).fill(''),
      name,
      formatTokens(model.inputTokens),
      formatTokens(model.outputTokens),
      formatTokens(model.cacheCreationTokens),
      formatTokens(model.cacheReadTokens),
      formatTokens(totalTokens),
      formatUsd(model.cost),
    ],
  };
}

/** Never a silent $0: name the models whose calls had no price. */
function unpricedWarning(meta: ReportMetaJson, paint: Palette): string[] {
  if (!meta.unpricedModels?.length) return [];
  return ['', paint.warn(`Warning: no price known for ${meta.unpricedModels.join(', ')}; those calls are counted as $0.`)];
}
