import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber, toNumberOrNull } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { eventConditions, type ViewFilters } from './filters.js';
import { afterCursorSql, keysetOrderSql, toPage, type Page, type PageRequest } from './pagination.js';
import { TOOL_DURATION_SQL, textOrNull } from './sql.js';

/** Output excerpts in the list stay short; the full event has more. */
export const OUTPUT_EXCERPT_CHARS = 500;

export interface BashCommand {
  id: string;
  ts: number;
  sessionId: string;
  command: string | null;
  status: string | null;
  exitCode: number | null;
  durationMs: number | null;
  outputExcerpt: string | null;
}

/** Bash tool calls, newest first: the command (the call's text), exit code, duration and output excerpt. */
export async function bashCommands(store: Store, scope: Scope, filters: ViewFilters, page: PageRequest & { status?: 'ok' | 'error' }): Promise<Page<BashCommand>> {
  const params = new SqlParams();
  const order = page.order ?? 'desc';
  const conditions = eventConditions(params, scope, { ...filters, kind: ['tool_call'] });
  conditions.push(`tool_name = 'Bash'`);
  if (page.status) conditions.push(`status = ${params.add(page.status)}`);
  const after = afterCursorSql(params, store.dialect, page.cursor, 'ts', 'id', order);
  if (after) conditions.push(after);
  const rows = await store.reads.all(
    `SELECT id, ts, session_id, text, status, exit_code, ${TOOL_DURATION_SQL} AS duration,
       substr(attrs->>'outputExcerpt', 1, ${OUTPUT_EXCERPT_CHARS}) AS output_excerpt
     FROM events WHERE ${conditions.join(' AND ')}
     ORDER BY ${keysetOrderSql(store.dialect, 'ts', 'id', order)} LIMIT ${page.limit + 1}`,
    params.values,
  );
  return toPage(rows, page.limit, (r) => [toNumber(r.ts), String(r.id)], (r) => ({
    id: String(r.id),
    ts: toNumber(r.ts),
    sessionId: String(r.session_id),
    command: textOrNull(r.text),
    status: textOrNull(r.status),
    exitCode: toNumberOrNull(r.exit_code),
    durationMs: toNumberOrNull(r.duration),
    outputExcerpt: textOrNull(r.output_excerpt),
  }));
}
