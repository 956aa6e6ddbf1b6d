import type { CanonicalEvent } from '../core/event.js';
import type { Scope } from '../core/scope.js';
import { EVENT_COLUMN_LIST } from '../store/sql/columns.js';
import { byteOrder } from '../store/sql/dialect.js';
import { clampLimit, SqlParams, scopeSql } from '../store/sql/params.js';
import { rowToEvent, toNumber } from '../store/sql/rows.js';
import type { Store } from '../store/store.js';
import type { FilterSets } from './filters.js';

const EVENT_FILTER_COLUMNS: Array<[keyof FilterSets, string]> = [
  ['sessionId', 'session_id'],
  ['project', 'project'],
  ['kind', 'kind'],
  ['level', 'level'],
  ['model', 'model'],
];

function eventWhere(params: SqlParams, scope: Scope, filters: FilterSets): string {
  const conditions = [scopeSql(params, scope)];
  for (const [key, column] of EVENT_FILTER_COLUMNS) {
    const values = filters[key];
    if (values) conditions.push(`${column} IN (${params.list([...values])})`);
  }
  return conditions.join(' AND ');
}

/** The newest `limit` events the viewer may see, oldest first (the order they would have streamed in). */
export async function recentEvents(store: Store, scope: Scope, filters: FilterSets, limit: number): Promise<CanonicalEvent[]> {
  if (limit <= 0) return [];
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT ${EVENT_COLUMN_LIST} FROM events WHERE ${eventWhere(params, scope, filters)}
     ORDER BY ts DESC, ${byteOrder(store.dialect, 'id')} DESC LIMIT ${clampLimit(limit, 100, 1000)}`,
    params.values,
  );
  return rows.map(rowToEvent).reverse();
}

/** Events, tokens, cost and errors per minute (by event time) since `since`. */
export interface MinuteFigures {
  minute: number;
  events: number;
  tokens: number;
  costUsd: number;
  errors: number;
}

export async function minuteFigures(store: Store, scope: Scope, filters: FilterSets, since: number): Promise<MinuteFigures[]> {
  const params = new SqlParams();
  const where = `${eventWhere(params, scope, filters)} AND ts >= ${params.add(since)}`;
  // ts - ts % 60000: integer arithmetic in both dialects (DuckDB's `/` would give a double)
  const rows = await store.reads.all(
    `SELECT ts - ts % 60000 AS minute, count(*) AS events,
       sum(coalesce(input_tokens, 0) + coalesce(output_tokens, 0) + coalesce(cache_read_tokens, 0) + coalesce(cache_creation_tokens, 0)) AS tokens,
       sum(coalesce(cost_usd, reported_cost_usd, 0)) AS cost_usd,
       count(*) FILTER (WHERE kind IN ('error', 'api_error') OR level = 'error' OR (kind = 'tool_call' AND status = 'error')) AS errors
     FROM events WHERE ${where} GROUP BY 1 ORDER BY 1`,
    params.values,
  );
  return rows.map((r) => ({
    minute: toNumber(r.minute),
    events: toNumber(r.events),
    tokens: toNumber(r.tokens),
    costUsd: toNumber(r.cost_usd),
    errors: toNumber(r.errors),
  }));
}
