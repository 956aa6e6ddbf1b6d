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
  // one pass over the session's events: its latest main-conversation calls (rn ≤ MAX_CONTEXT_POINTS) and every compaction (rn 0)
  const params = new SqlParams();
  const call = `${USAGE_CALL} AND NOT coalesce(is_sidechain, false)`;
  const rows = await store.reads.all(
    `SELECT * FROM (
       SELECT id, ts, kind, model, ${CONTEXT_TOKENS_SQL} AS tokens,
         attrs->>'trigger' AS trigger_kind, attrs->>'preTokens' AS pre_tokens, attrs->>'postTokens' AS post_tokens,
         CASE WHEN kind = 'compaction' THEN 0 ELSE row_number() OVER (PARTITION BY kind = 'compaction' ORDER BY ts DESC, ${byteOrder(store.dialect, 'id')} DESC) END AS rn
       FROM events
       WHERE ${scopeSql(params, scope)} AND session_id = ${params.add(sessionId)} AND (kind = 'compaction' OR (${call}))
     ) AS picked WHERE rn <= ${MAX_CONTEXT_POINTS} ORDER BY ${order}`,
    params.values,
  );
  const calls = rows.filter((r) => r.kind !== 'compaction');
  const compactions = rows.filter((r) => r.kind === 'compaction');
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
