import { basename } from 'node:path';
import { LOCAL_TEAM_ID } from '../../core/scope.js';
import type { Principal } from '../../people/principal.js';
import { DAY, DAY_MS, HOUR, QUARTER } from '../../store/rollups/grains.js';
import { USAGE } from '../../store/rollups/session-tables.js';
import { dollarsSql } from '../../store/sql/expressions.js';
import { SqlParams } from '../../store/sql/params.js';
import { rowToSession, toNumber, toNumberOrNull } from '../../store/sql/rows.js';
import type { Row } from '../../store/sql/session.js';
import type { Store } from '../../store/store.js';
import { withEdgeEvents } from './edge-events.js';
import type { ViewFilters } from './filters.js';
import { afterCursorSql, keysetOrderSql, toPage, type Page, type PageRequest } from './pagination.js';
import { rollupRows } from './rollup-source.js';
import { presentSession, type SessionListItem } from './sessions.js';

/**
 * "My stats": the caller's own figures only (user_id = the principal's user), whatever their role —
 * an admin sees their own numbers here, the team's on the team page.
 */

export type MySessionItem = (SessionListItem & { processing: boolean }) | ProcessingTranscript;

/** A transcript read only partly so far (local mode): its session is not (fully) in the store yet. */
export interface ProcessingTranscript {
  sessionId: string;
  path: string;
  bytesRead: number;
  sizeBytes: number;
  updatedAt: number;
  processing: true;
}

/** The caller's sessions by last activity, cursor-paginated; the first page also lists transcripts still being read. */
export async function mySessions(store: Store, me: Principal, page: PageRequest, now = Date.now()): Promise<Page<MySessionItem>> {
  const p = new SqlParams();
  const where = [`team_id = ${p.add(me.teamId)}`, `user_id = ${p.add(me.userId)}`];
  const after = afterCursorSql(p, store.dialect, page.cursor, 'last_ts', 'session_id', 'desc');
  if (after) where.push(after);
  const rows = await store.reads.all(
    `SELECT * FROM sessions WHERE ${where.join(' AND ')} ORDER BY ${keysetOrderSql(store.dialect, 'last_ts', 'session_id', 'desc')} LIMIT ${page.limit + 1}`,
    p.values,
  );
  const sessions = toPage(rows, page.limit, (r: Row) => [toNumber(r.last_ts), String(r.session_id)], (r) => ({ ...presentSession(rowToSession(r), now), processing: false }));
  // checkpoints have no owner: only the local user's transcripts are read on this machine
  if (page.cursor || me.teamId !== LOCAL_TEAM_ID) return sessions;
  const partial = await processingTranscripts(store);
  const listed = new Map(sessions.items.map((s) => [s.sessionId, s]));
  for (const t of partial) {
    const item = listed.get(t.sessionId);
    if (item) item.processing = true;
  }
  return { ...sessions, items: [...partial.filter((t) => !listed.has(t.sessionId)), ...sessions.items] };
}

async function processingTranscripts(store: Store): Promise<ProcessingTranscript[]> {
  const rows = await store.reads.all('SELECT path, byte_offset, size_bytes, updated_at FROM file_checkpoints WHERE byte_offset < size_bytes ORDER BY updated_at DESC LIMIT 100');
  return rows.map((r) => ({
    sessionId: basename(String(r.path)).replace(/\.jsonl$/, ''),
    path: String(r.path),
    bytesRead: toNumber(r.byte_offset),
    sizeBytes: toNumber(r.size_bytes),
    updatedAt: toNumber(r.updated_at),
    processing: true,
  }));
}

export interface TokenFigures {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  totalTokens: number;
  costUsd: number;
}

export interface MyTokens {
  windowDays: number;
  from: number;
  to: number;
  /** one row per UTC day and model with usage */
  daily: Array<TokenFigures & { day: string; model: string }>;
  byModel: Array<TokenFigures & { model: string; calls: number }>;
  topSessions: Array<TokenFigures & { sessionId: string; project: string | null }>;
  lifetime: TokenFigures & { sessions: number };
}

const FIGURES = `CAST(coalesce(sum(input_tokens), 0) AS BIGINT) AS input_tokens, CAST(coalesce(sum(output_tokens), 0) AS BIGINT) AS output_tokens,
  CAST(coalesce(sum(cache_read_tokens), 0) AS BIGINT) AS cache_read_tokens, CAST(coalesce(sum(cache_creation_tokens), 0) AS BIGINT) AS cache_creation_tokens,
  coalesce(${dollarsSql('sum(cost_pico)')}, 0) AS cost_usd`;

/** The caller's usage over the last `windowDays` UTC days (today included), from the usage roll-ups; lifetime from sessions. */
export async function myTokens(store: Store, me: Principal, windowDays: number, now = Date.now()): Promise<MyTokens> {
  const to = now - (now % DAY_MS) + DAY_MS;
  const filters: ViewFilters = { from: to - windowDays * DAY_MS, to, user: me.userId };
  // whole UTC days: the range has no edges, so day rows answer most of it
  const [daily, byModel, topSessions] = await withEdgeEvents(store, [filters], [USAGE], (edges) => {
    const grouped = (keys: string, tail = '') => {
      const p = new SqlParams();
      const source = rollupRows(p, USAGE, me.scope, filters, [QUARTER, HOUR, DAY], edges);
      return store.reads.all(`SELECT ${keys}, ${FIGURES}, CAST(coalesce(sum(calls), 0) AS BIGINT) AS calls FROM ${source} AS r GROUP BY ${tail}`, p.values);
    };
    return Promise.all([
      grouped(`bucket - bucket % ${DAY_MS} AS day, model_key AS model`, '1, 2 ORDER BY 1, 2'),
      grouped('model_key AS model', '1 ORDER BY cost_usd DESC, 1'),
      grouped('session_id, min(project) AS project', '1 ORDER BY cost_usd DESC, 1 LIMIT 10'),
    ]);
  });
  return {
    windowDays,
    from: filters.from,
    to,
    daily: daily.map((r) => ({ day: new Date(toNumber(r.day)).toISOString().slice(0, 10), model: String(r.model), ...figuresOf(r) })),
    byModel: byModel.map((r) => ({ model: String(r.model), calls: toNumber(r.calls), ...figuresOf(r) })),
    topSessions: topSessions.map((r) => ({ sessionId: String(r.session_id), project: r.project == null ? null : String(r.project), ...figuresOf(r) })),
    lifetime: await lifetimeTotals(store, me),
  };
}

async function lifetimeTotals(store: Store, me: Principal): Promise<TokenFigures & { sessions: number }> {
  const rows = await store.reads.all(
    `SELECT count(*) AS sessions, CAST(coalesce(sum(input_tokens), 0) AS BIGINT) AS input_tokens, CAST(coalesce(sum(output_tokens), 0) AS BIGINT) AS output_tokens,
       CAST(coalesce(sum(cache_read_tokens), 0) AS BIGINT) AS cache_read_tokens, CAST(coalesce(sum(cache_creation_tokens), 0) AS BIGINT) AS cache_creation_tokens,
       coalesce(sum(cost_usd), 0) AS cost_usd
     FROM sessions WHERE team_id = $1 AND user_id = $2`,
    [me.teamId, me.userId],
  );
  return { sessions: toNumber(rows[0]?.sessions), ...figuresOf(rows[0] ?? {}) };
}

export function figuresOf(r: Row): TokenFigures {
  const f = {
    inputTokens: toNumber(r.input_tokens),
    outputTokens: toNumber(r.output_tokens),
    cacheReadTokens: toNumber(r.cache_read_tokens),
    cacheCreationTokens: toNumber(r.cache_creation_tokens),
    costUsd: toNumber(r.cost_usd),
  };
  return { ...f, totalTokens: f.inputTokens + f.outputTokens + f.cacheReadTokens + f.cacheCreationTokens };
}

export interface AgentPush {
  id: string;
  ts: number;
  agentId: string;
  hostname: string | null;
  keyId: string | null;
  events: number;
  inserted: number;
  bytes: number;
  lagMs: number | null;
  error: string | null;
}

/** The caller's agent pushes, newest first (cursor on ts, id), and when the last successful one arrived. */
export async function mySync(store: Store, me: Principal, page: PageRequest): Promise<Page<AgentPush> & { lastSyncAt: number | null }> {
  const p = new SqlParams();
  const where = [`team_id = ${p.add(me.teamId)}`, `user_id = ${p.add(me.userId)}`];
  const after = afterCursorSql(p, store.dialect, page.cursor, 'ts', 'id', 'desc');
  if (after) where.push(after);
  const [rows, last] = await Promise.all([
    store.reads.all(`SELECT * FROM agent_pushes WHERE ${where.join(' AND ')} ORDER BY ${keysetOrderSql(store.dialect, 'ts', 'id', 'desc')} LIMIT ${page.limit + 1}`, p.values),
    store.reads.all('SELECT max(ts) AS last_ts FROM agent_pushes WHERE team_id = $1 AND user_id = $2 AND error IS NULL', [me.teamId, me.userId]),
  ]);
  const pushes = toPage(rows, page.limit, (r: Row) => [toNumber(r.ts), String(r.id)], presentPush);
  return { ...pushes, lastSyncAt: toNumberOrNull(last[0]?.last_ts) };
}

function presentPush(r: Row): AgentPush {
  const text = (v: unknown) => (v == null ? null : String(v));
  return {
    id: String(r.id),
    ts: toNumber(r.ts),
    agentId: String(r.agent_id),
    hostname: text(r.hostname),
    keyId: text(r.key_id),
    events: toNumber(r.events),
    inserted: toNumber(r.inserted),
    bytes: toNumber(r.bytes),
    lagMs: toNumberOrNull(r.lag_ms),
    error: text(r.error),
  };
}
