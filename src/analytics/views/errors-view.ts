import type { Scope } from '../../core/scope.js';
import { ERROR_SERIES } from '../../store/rollups/bucket-tables.js';
import { ERROR_PATTERNS } from '../../store/rollups/session-tables.js';
import { ERROR_MESSAGE, ERROR_ROWS, ERROR_TYPE } from '../../store/sql/expressions.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { eventConditions, type ViewFilters } from './filters.js';
import { compareNames } from './histogram-stats.js';
import { withEdgeEvents, type EdgeEvents } from './edge-events.js';
import { answerable, rollupRows } from './rollup-source.js';
import { afterCursorSql, keysetOrderSql, toPage, type Page, type PageRequest } from './pagination.js';
import { textOrNull } from './sql.js';
import { bucketFor } from './time-range.js';

const RECURRING_GROUPS = 50;

/** The store's error expressions: the roll-ups group by the same ones. */
export { NORMALIZED_MESSAGE } from '../../store/sql/expressions.js';

export interface ErrorSeriesPoint {
  bucket: number;
  key: string;
  count: number;
}

export interface RecurringError {
  pattern: string;
  type: string;
  count: number;
  sessions: number;
  firstSeen: number;
  lastSeen: number;
  example: string;
}

export interface ErrorRow {
  id: string;
  ts: number;
  sessionId: string;
  type: string;
  toolName: string | null;
  message: string;
}

export interface ErrorsView {
  bucket: 'hour' | 'day';
  byTool: ErrorSeriesPoint[];
  byType: ErrorSeriesPoint[];
  recurring: RecurringError[];
  recent: Page<ErrorRow>;
}

function errorWhere(params: SqlParams, scope: Scope, filters: ViewFilters): string[] {
  return [...eventConditions(params, scope, filters), ERROR_ROWS];
}

/** Errors by tool and by type over time, recurring messages grouped, and the recent ones (paginated). */
export async function errorsView(store: Store, scope: Scope, filters: ViewFilters, page: PageRequest): Promise<ErrorsView> {
  const bucket = bucketFor(filters);
  const [byTool, byType, recurring, recent] = await withEdgeEvents(store, [filters], [ERROR_SERIES, ERROR_PATTERNS], (edges) =>
    Promise.all([
      errorSeries(store, scope, filters, bucket.ms, `coalesce(tool_name, 'unknown')`, `error_type = 'tool_error'`, edges),
      errorSeries(store, scope, filters, bucket.ms, 'error_type', 'TRUE', edges),
      recurringErrors(store, scope, filters, edges),
      recentErrors(store, scope, filters, page, edges),
    ]),
  );
  return { bucket: bucket.name, byTool, byType, recurring, recent };
}

/** Only the recurring messages (the overview's panel): one roll-up read instead of the whole view. */
export async function recurringErrorsView(store: Store, scope: Scope, filters: ViewFilters, limit = RECURRING_GROUPS): Promise<{ recurring: RecurringError[] }> {
  const recurring = await withEdgeEvents(store, [filters], [ERROR_PATTERNS], (edges) => recurringErrors(store, scope, filters, edges, limit));
  return { recurring };
}

/** Counts per chart bucket and key, from the error series roll-up (days only when the chart is by day). */
async function errorSeries(store: Store, scope: Scope, filters: ViewFilters, bucketMs: number, keyExpr: string, extra: string, edges?: EdgeEvents): Promise<ErrorSeriesPoint[]> {
  const params = new SqlParams();
  const grains = ERROR_SERIES.grains.filter((g) => g.ms <= bucketMs);
  const rows = await store.reads.all(
    `SELECT bucket - bucket % ${bucketMs} AS bucket, ${keyExpr} AS series_key, sum(n) AS n
     FROM ${rollupRows(params, ERROR_SERIES, scope, filters, grains, edges)} AS r
     WHERE ${extra} GROUP BY 1, 2`,
    params.values,
  );
  const points = rows.map((r) => ({ bucket: toNumber(r.bucket), key: String(r.series_key), count: toNumber(r.n) }));
  // sorted here: the same byte order on both stores
  return points.sort((a, b) => a.bucket - b.bucket || compareNames(a.key, b.key));
}

async function recurringErrors(store: Store, scope: Scope, filters: ViewFilters, edges?: EdgeEvents, limit = RECURRING_GROUPS): Promise<RecurringError[]> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    // one grouping with a distinct count: a third faster on DuckDB than grouping per session first
    `SELECT pattern, error_type, sum(n) AS n, count(DISTINCT session_id) AS sessions, min(first_ts) AS first_seen, max(last_ts) AS last_seen, min(example) AS example
     FROM ${rollupRows(params, ERROR_PATTERNS, scope, filters, undefined, edges)} AS r
     GROUP BY 1, 2 ORDER BY n DESC, last_seen DESC LIMIT ${Math.trunc(limit)}`,
    params.values,
  );
  return rows.map((r) => ({
    pattern: String(r.pattern),
    type: String(r.error_type),
    count: toNumber(r.n),
    sessions: toNumber(r.sessions),
    firstSeen: toNumber(r.first_seen),
    lastSeen: toNumber(r.last_seen),
    example: String(r.example),
  }));
}

/**
 * The start of a bucket the newest `n` errors all lie after, from the error series roll-up (null when
 * it cannot tell): the first page newest first then reads only the last few buckets of events.
 */
async function newestErrorsSince(store: Store, scope: Scope, filters: ViewFilters, n: number, edges?: EdgeEvents): Promise<number | null> {
  if (!answerable(ERROR_SERIES, filters)) return null;
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT bucket, sum(n) AS n FROM ${rollupRows(params, ERROR_SERIES, scope, filters, undefined, edges)} AS r GROUP BY 1 ORDER BY 1 DESC`,
    params.values,
  );
  let seen = 0;
  for (const r of rows) {
    seen += toNumber(r.n);
    if (seen >= n) return toNumber(r.bucket);
  }
  return null;
}

/** Error events newest first, each with its session id (the UI links to the session). */
export async function recentErrors(store: Store, scope: Scope, filters: ViewFilters, page: PageRequest, edges?: EdgeEvents): Promise<Page<ErrorRow>> {
  const order = page.order ?? 'desc';
  const since = order === 'desc' && !page.cursor ? await newestErrorsSince(store, scope, filters, page.limit + 1, edges) : null;
  const params = new SqlParams();
  const conditions = errorWhere(params, scope, filters);
  if (since !== null) conditions.push(`ts >= ${params.add(since)}`);
  const after = afterCursorSql(params, store.dialect, page.cursor, 'ts', 'id', order);
  if (after) conditions.push(after);
  const rows = await store.reads.all(
    `SELECT id, ts, session_id, ${ERROR_TYPE} AS error_type, tool_name, substr(${ERROR_MESSAGE}, 1, 1000) AS message FROM events
     WHERE ${conditions.join(' AND ')} ORDER BY ${keysetOrderSql(store.dialect, 'ts', 'id', order)} LIMIT ${page.limit + 1}`,
    params.values,
  );
  return toPage(rows, page.limit, (r) => [toNumber(r.ts), String(r.id)], (r) => ({
    id: String(r.id),
    ts: toNumber(r.ts),
    sessionId: String(r.session_id),
    type: String(r.error_type),
    toolName: textOrNull(r.tool_name),
    message: String(r.message ?? ''),
  }));
}
