import type { Scope } from '../../core/scope.js';
import { SqlParams, scopeSql } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import { ACTIVITY } from '../../store/rollups/session-tables.js';
import { dollarsSql } from '../../store/sql/expressions.js';
import type { Store } from '../../store/store.js';
import type { ViewFilters } from './filters.js';
import { withEdgeEvents, type EdgeEvents } from './edge-events.js';
import { rollupRows } from './rollup-source.js';
import { ACTIVE_WITHIN_MS } from './session-state.js';
import { ratio, round } from './sql.js';
import { bucketFor, bucketStarts, previousRange, type TimeRange } from './time-range.js';

export interface Kpi {
  value: number;
  previous: number;
  /** percent change against the previous period; null when the previous value is 0 */
  changePct: number | null;
}

export interface OverviewKpis {
  sessions: Kpi;
  prompts: Kpi;
  tokens: Kpi;
  costUsd: Kpi;
  users: Kpi;
  toolCalls: Kpi;
  /** (final errors + failed tool calls) / (model calls + tool calls); api_error retries are not errors here */
  errorRate: Kpi;
  /** sessions with an event in the last 5 minutes and no session_end (now, not per period) */
  activeNow: number;
}

export interface SeriesPoint {
  bucket: number;
  prompts: number;
  sessions: number;
  tokens: number;
  costUsd: number;
  byModel: Record<string, { tokens: number; costUsd: number; calls: number; sessions: number }>;
}

export interface Overview {
  range: TimeRange;
  previous: TimeRange;
  bucket: 'hour' | 'day';
  kpis: OverviewKpis;
  series: SeriesPoint[];
}

/** KPIs for the range and the period of equal length before it, and charts bucketed by hour or day. */
export async function overview(store: Store, scope: Scope, filters: ViewFilters, now = Date.now()): Promise<Overview> {
  const previous = previousRange(filters);
  const [periods, activeNow, series] = await withEdgeEvents(store, [filters, previous], [ACTIVITY], (edges) =>
    Promise.all([periodTotals(store, scope, filters, previous, edges), activeSessions(store, scope, filters, now), timeSeries(store, scope, filters, edges)]),
  );
  const cur = periods.get(1) ?? emptyTotals();
  const prev = periods.get(0) ?? emptyTotals();
  const kpi = (value: number, before: number): Kpi => ({ value, previous: before, changePct: before ? round(((value - before) / before) * 100, 1) : null });
  const errorRate = (t: PeriodTotals) => ratio(t.errors, t.llmCalls + t.toolCalls) ?? 0;
  return {
    range: { from: filters.from, to: filters.to },
    previous,
    bucket: bucketFor(filters).name,
    kpis: {
      sessions: kpi(cur.sessions, prev.sessions),
      prompts: kpi(cur.prompts, prev.prompts),
      tokens: kpi(cur.tokens, prev.tokens),
      costUsd: kpi(cur.costUsd, prev.costUsd),
      users: kpi(cur.users, prev.users),
      toolCalls: kpi(cur.toolCalls, prev.toolCalls),
      errorRate: kpi(errorRate(cur), errorRate(prev)),
      activeNow,
    },
    series,
  };
}

interface PeriodTotals {
  sessions: number;
  prompts: number;
  tokens: number;
  costUsd: number;
  users: number;
  toolCalls: number;
  llmCalls: number;
  errors: number;
}

const emptyTotals = (): PeriodTotals => ({ sessions: 0, prompts: 0, tokens: 0, costUsd: 0, users: 0, toolCalls: 0, llmCalls: 0, errors: 0 });

/** Both periods from the activity roll-up; key 1 = the range, 0 = the previous period. */
async function periodTotals(store: Store, scope: Scope, filters: ViewFilters, previous: TimeRange, edges?: EdgeEvents): Promise<Map<number, PeriodTotals>> {
  const params = new SqlParams();
  const current = rollupRows(params, ACTIVITY, scope, filters, undefined, edges);
  const before = rollupRows(params, ACTIVITY, scope, { ...filters, ...previous }, undefined, edges);
  const rows = await store.reads.all(
    `SELECT period, count(DISTINCT session_id) AS sessions, count(DISTINCT user_id) AS users, sum(prompts) AS prompts,
       sum(tokens) AS tokens, ${dollarsSql('sum(cost_pico)')} AS cost_usd, sum(tool_calls) AS tool_calls, sum(llm_calls) AS llm_calls,
       sum(errors + failed_tools) AS errors
     FROM (SELECT 1 AS period, c.* FROM ${current} AS c UNION ALL SELECT 0 AS period, p.* FROM ${before} AS p) AS rows
     GROUP BY 1`,
    params.values,
  );
  return new Map(
    rows.map((r) => [
      toNumber(r.period),
      {
        sessions: toNumber(r.sessions), prompts: toNumber(r.prompts), tokens: toNumber(r.tokens), costUsd: toNumber(r.cost_usd),
        users: toNumber(r.users), toolCalls: toNumber(r.tool_calls), llmCalls: toNumber(r.llm_calls), errors: toNumber(r.errors),
      },
    ]),
  );
}

async function activeSessions(store: Store, scope: Scope, filters: ViewFilters, now: number): Promise<number> {
  const params = new SqlParams();
  const conditions = [scopeSql(params, scope), `last_ts >= ${params.add(now - ACTIVE_WITHIN_MS)}`, 'NOT ended'];
  if (filters.project !== undefined) conditions.push(`project = ${params.add(filters.project)}`);
  if (filters.user !== undefined) conditions.push(`user_id = ${params.add(filters.user)}`);
  if (filters.agent !== undefined) conditions.push(`agent = ${params.add(filters.agent)}`);
  if (filters.session !== undefined) conditions.push(`session_id = ${params.add(filters.session)}`);
  const rows = await store.reads.all(`SELECT count(*) AS n FROM sessions WHERE ${conditions.join(' AND ')}`, params.values);
  return toNumber(rows[0]?.n);
}

async function timeSeries(store: Store, scope: Scope, filters: ViewFilters, edges?: EdgeEvents): Promise<SeriesPoint[]> {
  const bucket = bucketFor(filters);
  // no roll-up row may be wider than a point of the chart
  const grains = ACTIVITY.grains.filter((g) => g.ms <= bucket.ms);
  const points = new Map<number, SeriesPoint>();
  for (const start of bucketStarts(filters, bucket.ms)) {
    points.set(start, { bucket: start, prompts: 0, sessions: 0, tokens: 0, costUsd: 0, byModel: {} });
  }
  const activity = new SqlParams();
  const activityRows = await store.reads.all(
    // distinct counts in one grouping: faster on DuckDB than grouping per session first
    `SELECT bucket - bucket % ${bucket.ms} AS bucket, sum(prompts) AS prompts, count(DISTINCT session_id) AS sessions
     FROM ${rollupRows(activity, ACTIVITY, scope, filters, grains, edges)} AS r GROUP BY 1`,
    activity.values,
  );
  for (const r of activityRows) {
    const point = points.get(toNumber(r.bucket));
    if (point) Object.assign(point, { prompts: toNumber(r.prompts), sessions: toNumber(r.sessions) });
  }
  const usage = new SqlParams();
  const usageRows = await store.reads.all(
    `SELECT bucket - bucket % ${bucket.ms} AS bucket, coalesce(model, 'unknown') AS model, sum(tokens) AS tokens,
       ${dollarsSql('sum(cost_pico)')} AS cost_usd, sum(llm_calls) AS calls, count(DISTINCT session_id) AS sessions
     FROM ${rollupRows(usage, ACTIVITY, scope, filters, grains, edges)} AS r WHERE llm_calls > 0 GROUP BY 1, 2 ORDER BY 1, 2`,
    usage.values,
  );
  // in a fixed order: a point's cost is a sum of the models' (floating point)
  for (const r of usageRows) {
    const point = points.get(toNumber(r.bucket));
    if (!point) continue;
    const tokens = toNumber(r.tokens);
    const costUsd = toNumber(r.cost_usd);
    point.tokens += tokens;
    point.costUsd += costUsd;
    point.byModel[String(r.model)] = { tokens, costUsd, calls: toNumber(r.calls), sessions: toNumber(r.sessions) };
  }
  return [...points.values()];
}
