import type { Scope } from '../../core/scope.js';
import { tagCloud } from '../../people/repo/insights.js';
import { HOUR, HOUR_MS, QUARTER, type Grain } from '../../store/rollups/grains.js';
import { ACTIVITY, USAGE } from '../../store/rollups/session-tables.js';
import { dollarsSql } from '../../store/sql/expressions.js';
import { SqlParams, scopeSql } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { zoneOffset } from '../reports/local-time.js';
import { withEdgeEvents, type EdgeEvents } from './edge-events.js';
import { figuresOf, type TokenFigures } from './my-stats.js';
import { rollupRows } from './rollup-source.js';
import type { TimeRange } from './time-range.js';
import { budgetPeriods, budgetUse, readBudgets, type BudgetUse, type UsageByUser } from './team-budgets.js';

/**
 * The team page: who works how much, what it costs, when the team is busy, what it writes about, and
 * spend against budgets. Every figure is over the rows the caller may see (scopeSql): team and public
 * rows of the team, plus the caller's own private ones.
 */

export interface DeveloperFigures extends TokenFigures {
  userId: string;
  name: string | null;
  sessions: number;
  calls: number;
}

export interface TeamAnalytics {
  from: number;
  to: number;
  timezone: string;
  /** every developer with a session or usage in the range, most expensive first */
  developers: DeveloperFigures[];
  /** the 10 most expensive */
  topUsers: DeveloperFigures[];
  /** events per local weekday (0 = Monday) × hour (0–23) */
  heatmap: { metric: 'events'; counts: number[][] };
  tags: Array<{ tag: string; count: number }>;
  budgets: BudgetUse;
}

export async function teamAnalytics(store: Store, scope: Scope, range: TimeRange, timezone: string, now = Date.now()): Promise<TeamAnalytics> {
  const periods = budgetPeriods(now, timezone);
  const [sessions, usage, activity, dayUse, monthUse] = await withEdgeEvents(store, [range, periods.day, periods.month], [USAGE, ACTIVITY], (edges) =>
    Promise.all([
      sessionsPerUser(store, scope, range),
      usagePerUser(store, scope, range, edges),
      activityBuckets(store, scope, range, timezone, edges),
      usagePerUser(store, scope, periods.day, edges),
      usagePerUser(store, scope, periods.month, edges),
    ]),
  );
  const developers = await withNames(store, mergeDevelopers(sessions, usage));
  return {
    from: range.from,
    to: range.to,
    timezone,
    developers,
    topUsers: developers.slice(0, 10),
    heatmap: { metric: 'events', counts: heatmapOf(activity, timezone) },
    tags: await tagCloud(store.reads, scope.teamId, { since: range.from, until: range.to }),
    budgets: budgetUse(await readBudgets(store.reads, scope.teamId), dayUse, monthUse),
  };
}

async function sessionsPerUser(store: Store, scope: Scope, range: TimeRange): Promise<Map<string, number>> {
  const p = new SqlParams();
  const rows = await store.reads.all(
    `SELECT user_id, count(*) AS sessions FROM sessions WHERE ${scopeSql(p, scope)} AND last_ts >= ${p.add(range.from)} AND first_ts < ${p.add(range.to)} GROUP BY 1`,
    p.values,
  );
  return new Map(rows.map((r) => [String(r.user_id), toNumber(r.sessions)]));
}

async function usagePerUser(store: Store, scope: Scope, range: TimeRange, edges?: EdgeEvents): Promise<UsageByUser> {
  const p = new SqlParams();
  const rows = await store.reads.all(
    `SELECT user_id, CAST(coalesce(sum(input_tokens), 0) AS BIGINT) AS input_tokens, CAST(coalesce(sum(output_tokens), 0) AS BIGINT) AS output_tokens,
       CAST(coalesce(sum(cache_read_tokens), 0) AS BIGINT) AS cache_read_tokens, CAST(coalesce(sum(cache_creation_tokens), 0) AS BIGINT) AS cache_creation_tokens,
       coalesce(${dollarsSql('sum(cost_pico)')}, 0) AS cost_usd, CAST(coalesce(sum(calls), 0) AS BIGINT) AS calls
     FROM ${rollupRows(p, USAGE, scope, range, undefined, edges)} AS r GROUP BY 1`,
    p.values,
  );
  return new Map(rows.map((r) => [String(r.user_id), { ...figuresOf(r), calls: toNumber(r.calls) }]));
}

function mergeDevelopers(sessions: Map<string, number>, usage: UsageByUser): DeveloperFigures[] {
  const zero = { ...figuresOf({}), calls: 0 };
  const users = new Set([...sessions.keys(), ...usage.keys()]);
  return [...users]
    .map((userId) => ({ userId, name: null, sessions: sessions.get(userId) ?? 0, ...(usage.get(userId) ?? zero) }))
    .sort((a, b) => b.costUsd - a.costUsd || b.totalTokens - a.totalTokens || (a.userId < b.userId ? -1 : 1));
}

/** Display names from the users table (team mode); the local user has none. */
async function withNames(store: Store, developers: DeveloperFigures[]): Promise<DeveloperFigures[]> {
  if (!developers.length) return developers;
  const p = new SqlParams();
  const rows = await store.reads.all(`SELECT id, name FROM users WHERE id IN (${p.list(developers.map((d) => d.userId))})`, p.values);
  const names = new Map(rows.map((r) => [String(r.id), String(r.name)]));
  return developers.map((d) => ({ ...d, name: names.get(d.userId) ?? null }));
}

/** Events per UTC bucket; hour rows only when the zone is a whole number of hours from UTC over the range. */
async function activityBuckets(store: Store, scope: Scope, range: TimeRange, timezone: string, edges?: EdgeEvents): Promise<Array<[number, number]>> {
  const wholeHours = [range.from, Math.max(range.from, range.to - 1)].every((t) => zoneOffset(t, timezone) % HOUR_MS === 0);
  const grains: Grain[] = wholeHours ? [QUARTER, HOUR] : [QUARTER];
  const p = new SqlParams();
  const rows = await store.reads.all(`SELECT bucket, CAST(sum(events) AS BIGINT) AS events FROM ${rollupRows(p, ACTIVITY, scope, range, grains, edges)} AS r GROUP BY 1`, p.values);
  return rows.map((r) => [toNumber(r.bucket), toNumber(r.events)]);
}

function heatmapOf(buckets: Array<[number, number]>, timezone: string): number[][] {
  const counts = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const offsets = new Map<number, number>(); // per UTC hour: Intl is slow, buckets are many
  for (const [bucket, events] of buckets) {
    const hourKey = bucket - (bucket % HOUR_MS);
    let offset = offsets.get(hourKey);
    if (offset === undefined) offsets.set(hourKey, (offset = zoneOffset(bucket, timezone)));
    const local = new Date(bucket + offset);
    counts[(local.getUTCDay() + 6) % 7][local.getUTCHours()] += events;
  }
  return counts;
}
