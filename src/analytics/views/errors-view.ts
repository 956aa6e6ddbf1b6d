import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { eventConditions, type ViewFilters } from './filters.js';
import { afterCursorSql, keysetOrderSql, toPage, type Page, type PageRequest } from './pagination.js';
import { textOrNull } from './sql.js';
import { bucketFor } from './time-range.js';

const RECURRING_GROUPS = 50;

/** What counts as an error: final failures, API retries, and failed tool calls. */
const ERROR_ROWS = `(kind IN ('error', 'api_error') OR (kind = 'tool_call' AND status = 'error'))`;
/** error | api_error | tool_error */
const ERROR_TYPE = `CASE WHEN kind = 'tool_call' THEN 'tool_error' ELSE kind END`;
/** The message: a failed tool's output, else the event text. */
const MESSAGE = `CASE WHEN kind = 'tool_call' THEN coalesce(attrs->>'outputExcerpt', coalesce(tool_name, 'tool') || ' failed') ELSE coalesce(text, '') END`;

/**
 * A message with its variable parts masked, so repeats group together: UUIDs → <uuid>, API ids
 * (req_…, msg_…, toolu_…) → <id>, hex runs of 8+ → <hex>, numbers → N. First 200 characters.
 */
export const NORMALIZED_MESSAGE = `regexp_replace(regexp_replace(regexp_replace(regexp_replace(substr(${MESSAGE}, 1, 200),
  '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<uuid>', 'g'),
  '(req|msg|toolu)_[A-Za-z0-9]+', '<id>', 'g'),
  '[0-9a-fA-F]{8,}', '<hex>', 'g'),
  '[0-9]+', 'N', 'g')`;

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
  const [byTool, byType, recurring, recent] = await Promise.all([
    errorSeries(store, scope, filters, bucket.ms, `coalesce(tool_name, 'unknown')`, `kind = 'tool_call'`),
    errorSeries(store, scope, filters, bucket.ms, ERROR_TYPE, 'TRUE'),
    recurringErrors(store, scope, filters),
    recentErrors(store, scope, filters, page),
  ]);
  return { bucket: bucket.name, byTool, byType, recurring, recent };
}

async function errorSeries(store: Store, scope: Scope, filters: ViewFilters, bucketMs: number, keyExpr: string, extra: string): Promise<ErrorSeriesPoint[]> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT ts - ts % ${bucketMs} AS bucket, ${keyExpr} AS series_key, count(*) AS n FROM events
     WHERE ${errorWhere(params, scope, filters).join(' AND ')} AND ${extra}
     GROUP BY 1, 2`,
    params.values,
  );
  const points = rows.map((r) => ({ bucket: toNumber(r.bucket), key: String(r.series_key), count: toNumber(r.n) }));
  // sorted here: the same byte order on both stores
  return points.sort((a, b) => a.bucket - b.bucket || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function recurringErrors(store: Store, scope: Scope, filters: ViewFilters): Promise<RecurringError[]> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT ${NORMALIZED_MESSAGE} AS pattern, ${ERROR_TYPE} AS error_type, count(*) AS n, count(DISTINCT session_id) AS sessions,
       min(ts) AS first_seen, max(ts) AS last_seen, min(substr(${MESSAGE}, 1, 300)) AS example
     FROM events WHERE ${errorWhere(params, scope, filters).join(' AND ')}
     GROUP BY 1, 2 ORDER BY n DESC, last_seen DESC LIMIT ${RECURRING_GROUPS}`,
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

/** Error events newest first, each with its session id (the UI links to the session). */
export async function recentErrors(store: Store, scope: Scope, filters: ViewFilters, page: PageRequest): Promise<Page<ErrorRow>> {
  const params = new SqlParams();
  const order = page.order ?? 'desc';
  const conditions = errorWhere(params, scope, filters);
  const after = afterCursorSql(params, store.dialect, page.cursor, 'ts', 'id', order);
  if (after) conditions.push(after);
  const rows = await store.reads.all(
    `SELECT id, ts, session_id, ${ERROR_TYPE} AS error_type, tool_name, substr(${MESSAGE}, 1, 1000) AS message FROM events
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
