import type { UsageBucketRow } from '../../store/store.js';
import type { CostMode } from './cost-mode.js';
import { costSourceOf } from './cost-mode.js';
import { breakdownJson, reportMeta, tokenFieldsJson, totalsJson, uniqueSorted, type ModelBreakdownJson, type ReportMetaJson, type TokenFieldsJson, type TotalsJson } from './json-shape.js';
import { LocalCalendar, monthOf, weekStart } from './local-time.js';
import { addTotals, emptyTotals, ModelUsageGroup } from './sums.js';

export type PeriodKind = 'daily' | 'weekly' | 'monthly';

/** The classic ccusage field each kind also carries, equal to `period`. */
const PERIOD_ALIAS = { daily: 'date', weekly: 'week', monthly: 'month' } as const;

const PERIOD_OF: Record<PeriodKind, (localDate: string) => string> = {
  daily: (date) => date,
  weekly: weekStart,
  monthly: monthOf,
};

export interface PeriodOptions {
  /** IANA zone the days are counted in */
  zone: string;
  /** inclusive local dates, `YYYY-MM-DD` */
  since?: string;
  until?: string;
  order: 'asc' | 'desc';
  mode: CostMode;
}

export interface PeriodRowJson extends TokenFieldsJson {
  agent: 'all';
  metadata: { agents: string[] };
  modelBreakdowns: ModelBreakdownJson[];
  modelsUsed: string[];
  period: string;
  date?: string;
  week?: string;
  month?: string;
}

export type PeriodReportJson = ReportMetaJson & { totals: TotalsJson } & { [kind in PeriodKind]?: PeriodRowJson[] };

/**
 * Daily, weekly (weeks start on Monday) or monthly usage, as `ccusage daily|weekly|monthly --json`.
 * Buckets are placed on their local date in `zone`; `since`/`until` filter on that date.
 * @example buildPeriodReport('daily', rows, { zone: 'UTC', order: 'asc', mode: 'auto' }).daily[0].period // '2026-03-04'
 */
export function buildPeriodReport(kind: PeriodKind, rows: UsageBucketRow[], opts: PeriodOptions): PeriodReportJson {
  const calendar = new LocalCalendar(opts.zone);
  const groups = new Map<string, ModelUsageGroup>();
  const periodOfDate = new Map<string, string>();
  for (const row of rows) {
    const date = calendar.dateOf(row.bucket);
    if ((opts.since && date < opts.since) || (opts.until && date > opts.until)) continue;
    let period = periodOfDate.get(date);
    if (period === undefined) periodOfDate.set(date, (period = PERIOD_OF[kind](date)));
    let group = groups.get(period);
    if (!group) groups.set(period, (group = new ModelUsageGroup(opts.mode)));
    group.add(row.model, row, row.bucket);
  }
  const periods = [...groups.keys()].sort();
  if (opts.order === 'desc') periods.reverse();
  const totals = emptyTotals();
  const unpriced: string[] = [];
  const rowsJson = periods.map((period) => {
    const group = groups.get(period)!;
    addTotals(totals, group.totals);
    unpriced.push(...group.unpricedModels());
    return periodRowJson(kind, period, group);
  });
  const unpricedModels = uniqueSorted(unpriced);
  return { [kind]: rowsJson, totals: totalsJson(totals, unpricedModels), ...reportMeta(costSourceOf(opts.mode), unpricedModels) };
}

function periodRowJson(kind: PeriodKind, period: string, group: ModelUsageGroup): PeriodRowJson {
  return {
    agent: 'all',
    ...tokenFieldsJson(group.totals),
    metadata: { agents: ['claude'] },
    modelBreakdowns: group.byCost().map(breakdownJson),
    modelsUsed: group.sortedNames(),
    period,
    [PERIOD_ALIAS[kind]]: period,
  };
}
