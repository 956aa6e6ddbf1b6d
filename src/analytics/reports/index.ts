import type { Scope } from '../../core/scope.js';
import type { Store, UsageEntryRow, UsageFilter } from '../../store/store.js';
import { renderReportDocument, type TableOptions } from '../../cli/format/report-table.js';
import { buildBlocksReport } from './blocks-report.js';
import { DAY_MS, utcMidnight } from './dates.js';
import { resolveOptions, type ReportKind, type ReportOptions, type ResolvedOptions } from './options.js';
import { buildPeriodReport } from './period-report.js';
import { buildSessionReport } from './session-report.js';

export type { ReportKind, ReportOptions } from './options.js';
export { REPORT_KINDS } from './options.js';
export { buildPeriodReport } from './period-report.js';
export { buildSessionReport } from './session-report.js';
export { buildBlocksReport } from './blocks-report.js';
export { identifyBlocks } from './blocks.js';

/**
 * A ccusage-compatible report document (the `--json` output) read from the store.
 * @example await buildReport(store, localScope, 'daily', { timezone: 'UTC' }) // { daily: [...], totals: {...}, costSource: 'auto' }
 */
export async function buildReport(store: Store, scope: Scope, kind: ReportKind, opts: ReportOptions): Promise<object> {
  const resolved = resolveOptions(kind, opts);
  if (kind === 'session') return buildSessionReport(await store.sessionUsage(scope, { project: resolved.project }), resolved);
  if (kind === 'blocks') return buildBlocksReport(sortedByTime(await store.usageEntries(scope, { project: resolved.project })), resolved);
  return buildPeriodReport(kind, await store.usageBuckets(scope, bucketFilter(resolved)), resolved);
}

/**
 * The store filters on UTC instants; local dates differ from UTC ones by at most 14 hours, so
 * a day of margin each side loses nothing and the exact local-date filter runs on the rows.
 */
function bucketFilter(opts: ResolvedOptions): UsageFilter {
  const filter: UsageFilter = { project: opts.project };
  if (opts.since) filter.since = utcMidnight(opts.since) - DAY_MS;
  if (opts.until) filter.until = utcMidnight(opts.until) + 2 * DAY_MS;
  return filter;
}

/** Blocks need time order; the store already gives it, so only sort when it did not. */
function sortedByTime(entries: UsageEntryRow[]): UsageEntryRow[] {
  for (let i = 1; i < entries.length; i++) {
    if (entries[i].ts < entries[i - 1].ts) return [...entries].sort((a, b) => a.ts - b.ts);
  }
  return entries;
}

/** The readable table for a report document built by buildReport (`timezone` sets the local times shown). */
export function renderReportTable(kind: ReportKind, report: object, opts: TableOptions): string {
  return renderReportDocument(kind, report, opts);
}
