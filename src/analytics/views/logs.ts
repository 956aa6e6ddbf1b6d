import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { eventConditions, type ViewFilters } from './filters.js';
import { afterCursorSql, decodeCursor, keysetOrderSql, toPage, type Page, type PageRequest } from './pagination.js';
import type { Row } from '../../store/sql/session.js';
import { textOrNull } from './sql.js';
import { LOG_ROWS } from '../../store/sql/expressions.js';

export const LOG_TEXT_CHARS = 1000;

export { LOG_ROWS } from '../../store/sql/expressions.js';

export interface LogLine {
  id: string;
  ts: number;
  sessionId: string;
  kind: string;
  level: string | null;
  model: string | null;
  toolName: string | null;
  text: string | null;
}

/**
 * A text search reads the newest (or oldest) part of the range first, in growing windows, and stops at
 * the first window that fills the page: matching text means reading every row's text, and a page
 * usually fills from the last hours. Windows only narrow the time range, so the page is the same.
 */
const SEARCH_WINDOWS_MS = [3_600_000, 86_400_000, 7 * 86_400_000];

/** Log lines newest first (or oldest with order=asc), with level filter, text search and a cursor. */
export async function logsView(store: Store, scope: Scope, filters: ViewFilters, page: PageRequest): Promise<Page<LogLine>> {
  const order = page.order ?? 'desc';
  const windows = filters.q ? searchWindows(filters, page, order) : [filters];
  let rows: Row[] = [];
  for (const window of windows) {
    rows = await logRows(store, scope, window, page, order);
    if (rows.length > page.limit) break;
  }
  return toPage(rows, page.limit, (r) => [toNumber(r.ts), String(r.id)], (r) => ({
    id: String(r.id),
    ts: toNumber(r.ts),
    sessionId: String(r.session_id),
    kind: String(r.kind),
    level: textOrNull(r.level),
    model: textOrNull(r.model),
    toolName: textOrNull(r.tool_name),
    text: textOrNull(r.excerpt),
  }));
}

function logRows(store: Store, scope: Scope, filters: ViewFilters, page: PageRequest, order: 'asc' | 'desc'): Promise<Row[]> {
  const params = new SqlParams();
  const conditions = [...eventConditions(params, scope, filters), LOG_ROWS];
  const after = afterCursorSql(params, store.dialect, page.cursor, 'ts', 'id', order);
  if (after) conditions.push(after);
  return store.reads.all(
    `SELECT id, ts, session_id, kind, level, model, tool_name, substr(text, 1, ${LOG_TEXT_CHARS}) AS excerpt FROM events
     WHERE ${conditions.join(' AND ')} ORDER BY ${keysetOrderSql(store.dialect, 'ts', 'id', order)} LIMIT ${page.limit + 1}`,
    params.values,
  );
}

/** The range narrowed to growing windows at its newest (desc) or oldest (asc) end, past the cursor; the whole range last. */
function searchWindows(filters: ViewFilters, page: PageRequest, order: 'asc' | 'desc'): ViewFilters[] {
  const cursorTs = page.cursor ? Number(decodeCursor(page.cursor)[0]) : NaN;
  const windows: ViewFilters[] = [];
  if (order === 'desc') {
    const end = Number.isFinite(cursorTs) ? Math.min(filters.to, cursorTs + 1) : filters.to;
    for (const ms of SEARCH_WINDOWS_MS) if (end - ms > filters.from) windows.push({ ...filters, from: end - ms });
  } else {
    const start = Number.isFinite(cursorTs) ? Math.max(filters.from, cursorTs) : filters.from;
    for (const ms of SEARCH_WINDOWS_MS) if (start + ms < filters.to) windows.push({ ...filters, to: start + ms });
  }
  return [...windows, filters];
}
