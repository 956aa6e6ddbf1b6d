import type { Scope } from '../../core/scope.js';
import { USAGE_BUCKET_MS, type SessionUsageRow, type TokenSums, type UsageBucketRow, type UsageEntryRow, type UsageFilter } from '../store.js';
import { byteOrder, type Dialect } from './dialect.js';
import { SqlParams, scopeSql } from './params.js';
import { toNumber, toNumberOrNull } from './rows.js';
import type { Row, SqlSession } from './session.js';
import { dollarsSql, picoSql } from './expressions.js';
import { USAGE_CALL } from './sessions.js';

/** ccusage reports fast-mode calls as their own model, `<model>-fast`. */
export const MODEL_KEY = `CASE WHEN speed = 'fast' THEN coalesce(model, 'unknown') || '-fast' ELSE coalesce(model, 'unknown') END`;

/** A sum of dollars added as whole picodollars (expressions.ts): the same in any order, and as the roll-ups add them. */
const dollarSum = (expr: string) => dollarsSql(`sum(${picoSql(expr)})`);

export const TOKEN_SUMS = `coalesce(sum(input_tokens), 0) AS input_tokens,
  coalesce(sum(output_tokens), 0) AS output_tokens,
  coalesce(sum(cache_creation_tokens), 0) AS cache_creation_tokens,
  coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens,
  coalesce(${dollarSum('coalesce(cost_usd, 0)')}, 0) AS cost_usd,
  coalesce(${dollarSum('coalesce(reported_cost_usd, 0)')}, 0) AS reported_cost_usd,
  coalesce(${dollarSum('coalesce(reported_cost_usd, cost_usd, 0)')}, 0) AS auto_cost_usd,
  count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced_calls,
  count(*) AS calls`;

function usageWhere(params: SqlParams, scope: Scope, filter: UsageFilter): string {
  const conditions = [scopeSql(params, scope), USAGE_CALL];
  if (filter.since !== undefined) conditions.push(`ts >= ${params.add(filter.since)}`);
  if (filter.until !== undefined) conditions.push(`ts < ${params.add(filter.until)}`);
  if (filter.project !== undefined) conditions.push(`project = ${params.add(filter.project)}`);
  if (filter.sessionId !== undefined) conditions.push(`session_id = ${params.add(filter.sessionId)}`);
  return conditions.join(' AND ');
}

/** A row of TOKEN_SUMS columns as TokenSums. */
export function tokenSums(row: Row): TokenSums {
  return {
    inputTokens: toNumber(row.input_tokens),
    outputTokens: toNumber(row.output_tokens),
    cacheCreationTokens: toNumber(row.cache_creation_tokens),
    cacheReadTokens: toNumber(row.cache_read_tokens),
    costUsd: toNumber(row.cost_usd),
    reportedCostUsd: toNumber(row.reported_cost_usd),
    autoCostUsd: toNumber(row.auto_cost_usd),
    unpricedCalls: toNumber(row.unpriced_calls),
    calls: toNumber(row.calls),
  };
}

/** Usage per (15-minute bucket, model key), ordered by bucket then model. */
export async function usageBuckets(db: SqlSession, dialect: Dialect, scope: Scope, filter: UsageFilter): Promise<UsageBucketRow[]> {
  const params = new SqlParams();
  const rows = await db.all(
    `SELECT * FROM (
       SELECT ts - ts % ${USAGE_BUCKET_MS} AS bucket, ${MODEL_KEY} AS model, ${TOKEN_SUMS}
       FROM events WHERE ${usageWhere(params, scope, filter)}
       GROUP BY 1, 2
     ) AS grouped ORDER BY bucket, ${byteOrder(dialect, 'model')}`,
    params.values,
  );
  return rows.map((row) => ({ bucket: toNumber(row.bucket), model: String(row.model), ...tokenSums(row) }));
}

/** Usage per (session, project, model key) with the session's last call time, latest first. */
export async function sessionUsage(db: SqlSession, dialect: Dialect, scope: Scope, filter: UsageFilter): Promise<SessionUsageRow[]> {
  const params = new SqlParams();
  const rows = await db.all(
    `SELECT * FROM (
       SELECT session_id, coalesce(project, '') AS project, ${MODEL_KEY} AS model, max(ts) AS last_ts, ${TOKEN_SUMS}
       FROM events WHERE ${usageWhere(params, scope, filter)}
       GROUP BY 1, 2, 3
     ) AS grouped ORDER BY last_ts DESC, ${byteOrder(dialect, 'session_id')}, ${byteOrder(dialect, 'project')}, ${byteOrder(dialect, 'model')}`,
    params.values,
  );
  return rows.map((row) => ({
    sessionId: String(row.session_id),
    project: String(row.project),
    model: String(row.model),
    lastTs: toNumber(row.last_ts),
    ...tokenSums(row),
  }));
}

/** Every counted model call, oldest first (5-hour block reports need each entry). */
const TOKENS_OF_CALL = 'coalesce(input_tokens, 0) + coalesce(output_tokens, 0) + coalesce(cache_creation_tokens, 0) + coalesce(cache_read_tokens, 0)';

/**
 * The select list and grouping of usage entries: calls of one model within one minute
 * (k·60 s, (k+1)·60 s] become one row (see UsageEntryRow), so block reports read thousands of rows,
 * not millions. `where` is the caller's condition; ordered by first call time.
 */
export function usageEntriesSql(dialect: Dialect, where: string): string {
  return `SELECT * FROM (SELECT min(ts) AS ts, max(ts) AS last_ts, ${MODEL_KEY} AS model, count(*) AS calls,
      coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
      coalesce(sum(cache_creation_tokens), 0) AS cache_creation_tokens, coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens,
      coalesce(${dollarSum('coalesce(cost_usd, 0)')}, 0) AS cost_usd, ${dollarSum('reported_cost_usd')} AS reported_cost_usd,
      coalesce(${dollarSum('coalesce(reported_cost_usd, cost_usd, 0)')}, 0) AS auto_cost_usd,
      count(*) FILTER (WHERE cost_usd IS NULL AND ${TOKENS_OF_CALL} > 0) AS unpriced_calls,
      count(*) FILTER (WHERE cost_usd IS NULL AND reported_cost_usd IS NULL AND ${TOKENS_OF_CALL} > 0) AS unpriced_unreported_calls
    FROM events WHERE ${where}
    GROUP BY (ts - 1) - ((ts - 1) % 60000), ${MODEL_KEY}) AS per_minute
    ORDER BY ts, ${byteOrder(dialect, 'model')}`;
}

export function usageEntryOf(row: Row): UsageEntryRow {
  return {
    ts: toNumber(row.ts),
    lastTs: toNumber(row.last_ts),
    model: String(row.model),
    calls: toNumber(row.calls),
    inputTokens: toNumber(row.input_tokens),
    outputTokens: toNumber(row.output_tokens),
    cacheCreationTokens: toNumber(row.cache_creation_tokens),
    cacheReadTokens: toNumber(row.cache_read_tokens),
    costUsd: toNumber(row.cost_usd),
    reportedCostUsd: toNumberOrNull(row.reported_cost_usd),
    autoCostUsd: toNumber(row.auto_cost_usd),
    unpricedCalls: toNumber(row.unpriced_calls),
    unpricedUnreportedCalls: toNumber(row.unpriced_unreported_calls),
  };
}

export async function usageEntries(db: SqlSession, dialect: Dialect, scope: Scope, filter: UsageFilter): Promise<UsageEntryRow[]> {
  const params = new SqlParams();
  const rows = await db.all(usageEntriesSql(dialect, usageWhere(params, scope, filter)), params.values);
  return rows.map(usageEntryOf);
}
