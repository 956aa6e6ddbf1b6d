import type { Scope } from '../../core/scope.js';
import { buildBlocksReport, buildPeriodReport } from '../reports/index.js';
import type { BlockJson } from '../reports/blocks-report.js';
import type { CostMode } from '../reports/cost-mode.js';
import { resolveTimeZone, zoneOffset } from '../reports/local-time.js';
import { DAY, HOUR, QUARTER, type Grain } from '../../store/rollups/grains.js';
import type { PeriodRowJson } from '../reports/period-report.js';
import type { TotalsJson } from '../reports/json-shape.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import { USAGE_MINUTES } from '../../store/rollups/bucket-tables.js';
import { USAGE } from '../../store/rollups/session-tables.js';
import { dollarsSql } from '../../store/sql/expressions.js';
import type { Store } from '../../store/store.js';
import type { ViewFilters } from './filters.js';
import { withEdgeEvents, type EdgeEvents } from './edge-events.js';
import { rollupRows } from './rollup-source.js';
import { ratio } from './sql.js';
import { filteredUsageBuckets, filteredUsageEntries } from './usage-rows.js';

export const TOKEN_INTERVALS = ['day', 'week', 'month'] as const;
export type TokenInterval = (typeof TOKEN_INTERVALS)[number];
const REPORT_KIND = { day: 'daily', week: 'weekly', month: 'monthly' } as const;
const TOP_SESSIONS = 10;

export interface TokenOptions {
  interval: TokenInterval;
  /** IANA zone days are counted in (default UTC) */
  timezone?: string;
  /** cost mode of the period table, as `sightline report --mode` (default auto) */
  mode?: CostMode;
}

export interface TokenGroup {
  key: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  totalTokens: number;
  costUsd: number;
  calls: number;
  /** cacheRead / (input + cacheRead + cacheCreation); null with no input at all */
  cacheHitRatio: number | null;
}

export interface TokensView {
  interval: TokenInterval;
  timezone: string;
  /** the rows of `sightline report daily|weekly|monthly --json` over the range and filters */
  periods: PeriodRowJson[];
  totals: TotalsJson;
  cacheHitRatio: number | null;
  byModel: TokenGroup[];
  byProject: TokenGroup[];
  byUser: TokenGroup[];
  topSessions: Array<TokenGroup & { project: string | null }>;
}

/** Tokens and cost by period (the report's numbers), model, project, user; cache hit ratio; top sessions. */
export async function tokensView(store: Store, scope: Scope, filters: ViewFilters, opts: TokenOptions): Promise<TokensView> {
  const zone = resolveTimeZone(opts.timezone ?? 'UTC');
  const kind = REPORT_KIND[opts.interval];
  const [buckets, byModel, byProject, byUser, topSessions] = await withEdgeEvents(store, [filters], [USAGE], (edges) =>
    Promise.all([
      filteredUsageBuckets(store, scope, filters, edges, reportGrains(zone, filters)),
      groupedUsage(store, scope, filters, `coalesce(model, 'unknown')`, edges),
      groupedUsage(store, scope, filters, `coalesce(project, '')`, edges),
      groupedUsage(store, scope, filters, 'user_id', edges),
      groupedUsage(store, scope, filters, 'session_id', edges, TOP_SESSIONS),
    ]),
  );
  const report = buildPeriodReport(kind, buckets, { zone, order: 'asc', mode: opts.mode ?? 'auto' });
  const all = byModel.reduce((sum, g) => ({ cacheRead: sum.cacheRead + g.cacheReadTokens, input: sum.input + g.inputTokens + g.cacheReadTokens + g.cacheCreationTokens }), { cacheRead: 0, input: 0 });
  return {
    interval: opts.interval,
    timezone: zone,
    periods: report[kind] ?? [],
    totals: report.totals,
    cacheHitRatio: ratio(all.cacheRead, all.input),
    byModel: byModel.map(withoutProject),
    byProject: byProject.map(withoutProject),
    byUser: byUser.map(withoutProject),
    topSessions: topSessions.map(({ project, ...g }) => ({ ...g, project })),
  };
}

/**
 * The usage roll-up grains a report in `zone` can take whole: a UTC hour lies within one local day when
 * the zone is a whole number of hours from UTC (at both ends of the range: DST moves by whole hours
 * there), a UTC day only in UTC itself.
 */
function reportGrains(zone: string, range: { from: number; to: number }): Grain[] {
  const offsets = [zoneOffset(range.from, zone), zoneOffset(Math.max(range.from, range.to - 1), zone)];
  if (offsets.every((o) => o === 0) && zone === 'UTC') return [QUARTER, HOUR, DAY];
  return offsets.every((o) => o % HOUR.ms === 0) ? [QUARTER, HOUR] : [QUARTER];
}

function withoutProject({ project: _project, ...group }: TokenGroup & { project: string | null }): TokenGroup {
  return group;
}

/** Usage summed per key (an expression over usage roll-up rows), most expensive first; `project` is the group's (first) project. */
async function groupedUsage(store: Store, scope: Scope, filters: ViewFilters, keyExpr: string, edges?: EdgeEvents, top?: number): Promise<Array<TokenGroup & { project: string | null }>> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT ${keyExpr} AS group_key, min(project) AS project,
       coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
       coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens, coalesce(sum(cache_creation_tokens), 0) AS cache_creation_tokens,
       coalesce(sum(input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens), 0) AS total_tokens,
       coalesce(${dollarsSql('sum(cost_pico)')}, 0) AS cost_usd, coalesce(sum(calls), 0) AS calls
     FROM ${rollupRows(params, USAGE, scope, filters, undefined, edges)} AS r
     GROUP BY 1 ORDER BY cost_usd DESC, total_tokens DESC, group_key${top ? ` LIMIT ${top}` : ''}`,
    params.values,
  );
  return rows.map((r) => {
    const g = {
      key: String(r.group_key),
      inputTokens: toNumber(r.input_tokens),
      outputTokens: toNumber(r.output_tokens),
      cacheReadTokens: toNumber(r.cache_read_tokens),
      cacheCreationTokens: toNumber(r.cache_creation_tokens),
      totalTokens: toNumber(r.total_tokens),
      costUsd: toNumber(r.cost_usd),
      calls: toNumber(r.calls),
    };
    const cacheHitRatio = ratio(g.cacheReadTokens, g.inputTokens + g.cacheReadTokens + g.cacheCreationTokens);
    return { ...g, cacheHitRatio, project: r.project == null ? null : String(r.project) };
  });
}

export interface BlocksView {
  sessionLengthHours: number;
  blocks: BlockJson[];
  /** the block running now, with its burn rate and projection, or null */
  active: BlockJson | null;
}

/** 5-hour billing blocks over the range, newest first, as `sightline report blocks --json` builds them. */
export async function tokenBlocks(store: Store, scope: Scope, filters: ViewFilters, opts: { sessionLengthHours?: number; mode?: CostMode; now?: number } = {}): Promise<BlocksView> {
  const sessionLength = opts.sessionLengthHours ?? 5;
  const perHour = Number.isInteger(sessionLength);
  const entries = await withEdgeEvents(store, [filters], [USAGE_MINUTES], (edges) => filteredUsageEntries(store, scope, filters, edges, perHour));
  const report = buildBlocksReport(entries, { sessionLength, now: opts.now ?? Date.now(), zone: 'UTC', order: 'desc', mode: opts.mode ?? 'auto' });
  return { sessionLengthHours: sessionLength, blocks: report.blocks, active: report.blocks.find((b) => b.isActive) ?? null };
}
