import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber, toNumberOrNull } from '../../store/sql/rows.js';
import type { Row } from '../../store/sql/session.js';
import type { Store } from '../../store/store.js';
import { NotFound } from './errors.js';
import { eventConditions, type ViewFilters } from './filters.js';
import { afterCursorSql, keysetOrderSql, toPage, type Page, type PageRequest } from './pagination.js';
import { TOOL_DURATION_SQL, textOrNull } from './sql.js';

/** Text excerpts in timelines stay short; the full event is one GET /events/:id away. */
export const TIMELINE_TEXT_CHARS = 300;

/** A light timeline row. */
export interface TimelineEvent {
  id: string;
  ts: number;
  kind: string;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheCreationTokens: number | null;
  costUsd: number | null;
  toolName: string | null;
  status: string | null;
  durationMs: number | null;
  exitCode: number | null;
  level: string | null;
  text: string | null;
  parentId: string | null;
  isSidechain: boolean;
  agentId: string | null;
}

export const TIMELINE_COLUMNS = `id, ts, kind, model, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, cost_usd,
  tool_name, status, ${TOOL_DURATION_SQL} AS duration, exit_code, level, substr(text, 1, ${TIMELINE_TEXT_CHARS}) AS excerpt,
  parent_id, is_sidechain, attrs->>'agentId' AS agent_id`;

export function presentTimelineEvent(r: Row): TimelineEvent {
  return {
    id: String(r.id),
    ts: toNumber(r.ts),
    kind: String(r.kind),
    model: textOrNull(r.model),
    inputTokens: toNumberOrNull(r.input_tokens),
    outputTokens: toNumberOrNull(r.output_tokens),
    cacheReadTokens: toNumberOrNull(r.cache_read_tokens),
    cacheCreationTokens: toNumberOrNull(r.cache_creation_tokens),
    costUsd: toNumberOrNull(r.cost_usd),
    toolName: textOrNull(r.tool_name),
    status: textOrNull(r.status),
    durationMs: toNumberOrNull(r.duration),
    exitCode: toNumberOrNull(r.exit_code),
    level: textOrNull(r.level),
    text: textOrNull(r.excerpt),
    parentId: textOrNull(r.parent_id),
    isSidechain: r.is_sidechain === true,
    agentId: textOrNull(r.agent_id),
  };
}

/**
 * A session's events in conversation order (time, then id), cursor-paginated. The time range applies
 * only when the caller gives one (`filters.from`/`to` undefined = the whole session).
 */
export async function sessionEvents(store: Store, scope: Scope, sessionId: string, filters: Partial<ViewFilters>, page: PageRequest): Promise<Page<TimelineEvent>> {
  if (!(await store.getSession(scope, sessionId))) throw new NotFound(`no session '${sessionId}'`);
  const params = new SqlParams();
  const order = page.order ?? 'asc';
  const conditions = eventConditions(params, scope, { ...filters, session: sessionId });
  const after = afterCursorSql(params, store.dialect, page.cursor, 'ts', 'id', order);
  if (after) conditions.push(after);
  const rows = await store.reads.all(
    `SELECT ${TIMELINE_COLUMNS} FROM events WHERE ${conditions.join(' AND ')}
     ORDER BY ${keysetOrderSql(store.dialect, 'ts', 'id', order)} LIMIT ${page.limit + 1}`,
    params.values,
  );
  return toPage(rows, page.limit, (r) => [toNumber(r.ts), String(r.id)], presentTimelineEvent);
}
