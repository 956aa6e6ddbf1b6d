import type { Scope } from '../../core/scope.js';
import { byteOrder } from '../../store/sql/dialect.js';
import { SqlParams, scopeSql } from '../../store/sql/params.js';
import { toNumber, toNumberOrNull } from '../../store/sql/rows.js';
import { USAGE_CALL } from '../../store/sql/sessions.js';
import type { Store } from '../../store/store.js';
import { NotFound } from './errors.js';
import { CONTEXT_WARNING_PCT, contextUse, type ContextLevel } from './session-state.js';
import { CONTEXT_TOKENS_SQL } from './sql.js';

/** A long session is charted from at most this many calls (the latest ones). */
export const MAX_CONTEXT_POINTS = 20_000;

export interface ContextPoint {
  eventId: string;
  ts: number;
  model: string;
  /** input + cache read + cache creation tokens of the call */
  tokens: number;
  window: number;
  pct: number;
  level: ContextLevel;
}

export interface Compaction {
  eventId: string;
  ts: number;
  trigger: string | null;
  preTokens: number | null;
  postTokens: number | null;
}

export interface SessionContext {
  sessionId: string;
  thresholds: typeof CONTEXT_WARNING_PCT;
  points: ContextPoint[];
  compactions: Compaction[];
  /** the latest point, or null before the first model call */
  current: ContextPoint | null;
}

/** Context-window use over time: one point per main-conversation model call, compactions marked. */
export async function sessionContext(store: Store, scope: Scope, sessionId: string): Promise<SessionContext> {
  if (!(await store.getSession(scope, sessionId))) throw new NotFound(`no session '${sessionId}'`);
  const order = `ts, ${byteOrder(store.dialect, 'id')}`;
  const callParams = new SqlParams();
  const calls = await store.reads.all(
    `SELECT * FROM (
       SELECT id, ts, model, ${CONTEXT_TOKENS_SQL} AS tokens FROM events
       WHERE ${scopeSql(callParams, scope)} AND session_id = ${callParams.add(sessionId)} AND ${USAGE_CALL} AND NOT coalesce(is_sidechain, false)
       ORDER BY ts DESC, ${byteOrder(store.dialect, 'id')} DESC LIMIT ${MAX_CONTEXT_POINTS}
     ) AS latest ORDER BY ${order}`,
    callParams.values,
  );
  const compactionParams = new SqlParams();
  const compactions = await store.reads.all(
    `SELECT id, ts, attrs->>'trigger' AS trigger_kind, attrs->>'preTokens' AS pre_tokens, attrs->>'postTokens' AS post_tokens FROM events
     WHERE ${scopeSql(compactionParams, scope)} AND session_id = ${compactionParams.add(sessionId)} AND kind = 'compaction'
     ORDER BY ${order}`,
    compactionParams.values,
  );
  const points = calls.map((r): ContextPoint => {
    const model = String(r.model ?? 'unknown');
    return { eventId: String(r.id), ts: toNumber(r.ts), model, ...contextUse(toNumber(r.tokens), model) };
  });
  return {
    sessionId,
    thresholds: CONTEXT_WARNING_PCT,
    points,
    compactions: compactions.map((r) => ({
      eventId: String(r.id),
      ts: toNumber(r.ts),
      trigger: r.trigger_kind == null ? null : String(r.trigger_kind),
      preTokens: toNumberOrNull(r.pre_tokens),
      postTokens: toNumberOrNull(r.post_tokens),
    })),
    current: points[points.length - 1] ?? null,
  };
}
