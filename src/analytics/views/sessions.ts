import type { Scope } from '../../core/scope.js';
import { SqlParams, scopeSql } from '../../store/sql/params.js';
import { rowToSession } from '../../store/sql/rows.js';
import type { Row } from '../../store/sql/session.js';
import type { SessionRollup, Store } from '../../store/store.js';
import { ilikeSql, type ViewFilters } from './filters.js';
import { afterCursorSql, keysetOrderSql, toPage, type Page, type PageRequest } from './pagination.js';
import { ACTIVE_WITHIN_MS, ENDED_AFTER_MS, contextUse, sessionStatus, type ContextLevel, type SessionStatus } from './session-state.js';

export const SESSION_SORTS = ['lastActivity', 'started', 'cost', 'tokens'] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];

const SORT_SQL: Record<SessionSort, string> = {
  lastActivity: 'last_ts',
  started: 'first_ts',
  cost: 'cost_usd',
  tokens: '(input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens)',
};

/** One row of the sessions list: flat, so the CSV export has one column per field. */
export interface SessionListItem {
  sessionId: string;
  title: string | null;
  project: string | null;
  agent: string;
  userId: string;
  cwd: string | null;
  gitBranch: string | null;
  firstTs: number;
  lastTs: number;
  durationMs: number;
  status: SessionStatus;
  models: string[];
  lastModel: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  totalTokens: number;
  costUsd: number;
  prompts: number;
  llmCalls: number;
  toolCalls: number;
  toolErrors: number;
  errors: number;
  contextTokens: number;
  contextWindow: number;
  contextPct: number;
  contextLevel: ContextLevel;
}

export interface SessionListRequest extends PageRequest {
  sort?: SessionSort;
  status?: SessionStatus;
}

/**
 * Sessions with activity in the range (first event before `to`, last at or after `from`), sorted by
 * last activity (default), start, cost or tokens; cursor-paginated. `kind`/`level` do not apply to sessions.
 */
export async function listSessions(store: Store, scope: Scope, filters: ViewFilters, page: SessionListRequest, now = Date.now()): Promise<Page<SessionListItem>> {
  const params = new SqlParams();
  const sort = SORT_SQL[page.sort ?? 'lastActivity'];
  const order = page.order ?? 'desc';
  const conditions = sessionConditions(params, scope, filters, page.status, now);
  const after = afterCursorSql(params, store.dialect, page.cursor, sort, 'session_id', order);
  if (after) conditions.push(after);
  const rows = await store.reads.all(
    `SELECT *, ${sort} AS sort_value FROM sessions WHERE ${conditions.join(' AND ')}
     ORDER BY ${keysetOrderSql(store.dialect, sort, 'session_id', order)} LIMIT ${page.limit + 1}`,
    params.values,
  );
  return toPage(rows, page.limit, (r: Row) => [Number(r.sort_value), String(r.session_id)], (r) => presentSession(rowToSession(r), now));
}

function sessionConditions(params: SqlParams, scope: Scope, f: ViewFilters, status: SessionStatus | undefined, now: number): string[] {
  const conditions = [scopeSql(params, scope), `last_ts >= ${params.add(f.from)}`, `first_ts < ${params.add(f.to)}`];
  if (f.project !== undefined) conditions.push(`project = ${params.add(f.project)}`);
  if (f.user !== undefined) conditions.push(`user_id = ${params.add(f.user)}`);
  if (f.agent !== undefined) conditions.push(`agent = ${params.add(f.agent)}`);
  if (f.session !== undefined) conditions.push(`session_id = ${params.add(f.session)}`);
  if (f.model !== undefined) conditions.push(`${params.add(f.model)} = ANY(models)`);
  if (f.q) {
    const fields = ['title', 'cwd', 'project', 'session_id', 'git_branch'].map((c) => ilikeSql(params, c, f.q!));
    conditions.push(`(${fields.join(' OR ')})`);
  }
  if (status) conditions.push(statusSql(params, status, now));
  return conditions;
}

/** sessionStatus() in SQL. */
function statusSql(params: SqlParams, status: SessionStatus, now: number): string {
  // only the parameters a branch uses may be bound (DuckDB refuses unused ones)
  if (status === 'active') return `(NOT ended AND last_ts >= ${params.add(now - ACTIVE_WITHIN_MS)})`;
  const endedBefore = params.add(now - ENDED_AFTER_MS);
  if (status === 'ended') return `(ended OR last_ts < ${endedBefore})`;
  const activeSince = params.add(now - ACTIVE_WITHIN_MS);
  return `(NOT ended AND last_ts >= ${endedBefore} AND last_ts < ${activeSince})`;
}

export function presentSession(s: SessionRollup, now: number): SessionListItem {
  const context = contextUse(s.lastContextTokens, s.lastModel);
  return {
    sessionId: s.sessionId,
    title: s.title,
    project: s.project,
    agent: s.agent,
    userId: s.userId,
    cwd: s.cwd,
    gitBranch: s.gitBranch,
    firstTs: s.firstTs,
    lastTs: s.lastTs,
    durationMs: s.lastTs - s.firstTs,
    status: sessionStatus(s.lastTs, s.ended, now),
    models: s.models,
    lastModel: s.lastModel,
    inputTokens: s.inputTokens,
    outputTokens: s.outputTokens,
    cacheReadTokens: s.cacheReadTokens,
    cacheCreationTokens: s.cacheCreationTokens,
    totalTokens: s.inputTokens + s.outputTokens + s.cacheReadTokens + s.cacheCreationTokens,
    costUsd: s.costUsd,
    prompts: s.prompts,
    llmCalls: s.llmCalls,
    toolCalls: s.toolCalls,
    toolErrors: s.toolErrors,
    errors: s.errors,
    contextTokens: context.tokens,
    contextWindow: context.window,
    contextPct: context.pct,
    contextLevel: context.level,
  };
}
