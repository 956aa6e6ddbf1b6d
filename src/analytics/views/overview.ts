import type { Scope } from '../../core/scope.js';
import { SqlParams, scopeSql } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import { USAGE_CALL } from '../../store/sql/sessions.js';
import type { Store } from '../../store/store.js';
import { eventWhere, type ViewFilters } from './filters.js';
import { ACTIVE_WITHIN_MS } from './session-state.js';
import { TOKENS_SQL, ratio, round } from './sql.js';
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
  const [periods, activeNow, series] = await Promise.all([
    periodTotals(store, scope, filters, previous),
    activeSessions(store, scope, filters, now),
    timeSeries(store, scope, filters),
  ]);
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

/** One scan over both periods; key 1 = the range, 0 = the previous period. */
async function periodTotals(store: Store, scope: Scope, filters: ViewFilters, previous: TimeRange): Promise<Map<number, PeriodTotals>> {
  const params = new SqlParams();
  const where = eventWhere(params, scope, { ...filters, from: previous.from, to: filters.to });
  const rows = await store.reads.all(
    `SELECT CASE WHEN ts >= ${params.add(filters.from)} THEN 1 ELSE 0 END AS period,
       count(DISTINCT session_id) AS sessions,
       count(*) FILTER (WHERE kind = 'prompt') AS prompts,
       coalesce(sum(${TOKENS_SQL}) FILTER (WHERE ${USAGE_CALL}), 0) AS tokens,
       coalesce(sum(cost_usd) FILTER (WHERE ${USAGE_CALL}), 0) AS cost_usd,
       count(DISTINCT user_id) AS users,
       count(*) FILTER (WHERE kind = 'tool_call') AS tool_calls,
       count(*) FILTER (WHERE ${USAGE_CALL}) AS llm_calls,
       count(*) FILTER (WHERE kind = 'error' OR (kind = 'tool_call' AND status = 'error')) AS errors
     FROM events WHERE ${where} GROUP BY 1`,
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

async function timeSeries(store: Store, scope: Scope, filters: ViewFilters): Promise<SeriesPoint[]> {
  const bucket = bucketFor(filters);
  const points = new Map<number, SeriesPoint>();
  for (const start of bucketStarts(filters, bucket.ms)) {
    points.set(start, { bucket: start, prompts: 0, sessions: 0, tokens: 0, costUsd: 0, byModel: {} });
  }
  const activity = new SqlParams();
  const activityRows = await store.reads.all(
    `SELECT ts - ts % ${bucket.ms} AS bucket, count(*) FILTER (WHERE kind = 'prompt') AS prompts, count(DISTINCT session_id) AS sessions
     FROM events WHERE ${eventWhere(activity, scope, filters)} GROUP BY 1`,
    activity.values,
  );
  for (const r of activityRows) {
    const point = points.get(toNumber(r.bucket));
    if (point) Object.assign(point, { prompts: toNumber(r.prompts), sessions: toNumber(r.sessions) });
  }
  const usage = new SqlParams();
  const usageRows = await store.reads.all(
    `SELECT ts - ts % ${bucket.ms} AS bucket, coalesce(model, 'unknown') AS model, sum(${TOKENS_SQL}) AS tokens,
       coalesce(sum(cost_usd), 0) AS cost_usd, count(*) AS calls, count(DISTINCT session_id) AS sessions
     FROM events WHERE ${eventWhere(usage, scope, filters)} AND ${USAGE_CALL} GROUP BY 1, 2`,
    usage.values,
  );
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
