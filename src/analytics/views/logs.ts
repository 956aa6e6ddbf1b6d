import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { eventConditions, type ViewFilters } from './filters.js';
import { afterCursorSql, keysetOrderSql, toPage, type Page, type PageRequest } from './pagination.js';
import { textOrNull } from './sql.js';
import { LOG_LINES } from '../../store/rollups/session-tables.js';
import { LOG_ROWS } from '../../store/sql/expressions.js';

export const LOG_TEXT_CHARS = 1000;


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
 * Log lines newest first (or oldest with order=asc), with level filter, text search and a cursor.
 * A text search reads rollup_log_lines (the log rows of events, with every column filtered on), so it
 * matches the text of log lines only, not every event's; owed roll-ups are paid first. The plain list
 * reads events: the newest lines by time need no text, and a line is listed the moment it is stored.
 */
export async function logsView(store: Store, scope: Scope, filters: ViewFilters, page: PageRequest): Promise<Page<LogLine>> {
  const search = Boolean(filters.q);
  if (search) await store.payOwedRollups();
  const params = new SqlParams();
  const order = page.order ?? 'desc';
  const conditions = [...eventConditions(params, scope, filters), ...(search ? [] : [LOG_ROWS])];
  const after = afterCursorSql(params, store.dialect, page.cursor, 'ts', 'id', order);
  if (after) conditions.push(after);
  const rows = await store.reads.all(
    `SELECT id, ts, session_id, kind, level, model, tool_name, substr(text, 1, ${LOG_TEXT_CHARS}) AS excerpt FROM ${search ? LOG_LINES.name : 'events'}
     WHERE ${conditions.join(' AND ')} ORDER BY ${keysetOrderSql(store.dialect, 'ts', 'id', order)} LIMIT ${page.limit + 1}`,
    params.values,
  );
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
