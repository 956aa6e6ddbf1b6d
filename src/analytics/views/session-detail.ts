import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import { withSessionRows, type SessionRows } from './session-rows.js';
import { toNumber } from '../../store/sql/rows.js';
import { USAGE_CALL } from '../../store/sql/sessions.js';
import type { Store } from '../../store/store.js';
import { byteOrder } from '../../store/sql/dialect.js';
import { NotFound } from './errors.js';
import { presentSession, type SessionListItem } from './sessions.js';
import { healthScore, SLOW_TOOL_MS, type Health } from './session-state.js';
import { TOKENS_SQL, TOOL_DURATION_SQL, textOrNull } from './sql.js';

export interface ModelSwitch {
  ts: number;
  from: string;
  to: string;
  eventId: string;
}

/** A subagent (or a sidechain without an agent id, keyed ''), with what it did. */
export interface SubagentNode {
  agentId: string;
  /** the main-conversation Agent/Task tool call that started it, when it can be told */
  parentToolCallId: string | null;
  description: string | null;
  firstTs: number;
  lastTs: number;
  llmCalls: number;
  tokens: number;
  costUsd: number;
  toolCalls: number;
  errors: number;
  children: SubagentNode[];
}

export interface SessionDetail {
  session: SessionListItem;
  /** who sees it: private (owner), team, public (docs/people.md "Sharing") */
  visibility: string;
  health: Health;
  counts: { finalErrors: number; retries: number; slowTools: number; compactions: number };
  modelSwitches: ModelSwitch[];
  /** the main conversation is the root; subagents are its children */
  subagentTree: { agentId: null; children: SubagentNode[] };
}

/** One session's header: status, models, branch, cwd, duration, tokens, cost, health with its parts. */
export async function sessionDetail(store: Store, scope: Scope, sessionId: string, now = Date.now()): Promise<SessionDetail> {
  const rollup = await store.getSession(scope, sessionId);
  if (!rollup) throw new NotFound(`no session '${sessionId}'`);
  const session = presentSession(rollup, now);
  const [counts, modelSwitches, children] = await withSessionRows(store, scope, sessionId, (rows) =>
    Promise.all([sessionCounts(store, rows), listModelSwitches(store, rows), subagents(store, rows)]),
  );
  const health = healthScore({
    errors: counts.finalErrors,
    toolCalls: rollup.toolCalls,
    toolErrors: rollup.toolErrors,
    retries: counts.retries,
    contextPct: session.contextPct,
    slowTools: counts.slowTools,
  });
  return { session, visibility: rollup.visibility, health, counts, modelSwitches, subagentTree: { agentId: null, children } };
}

async function sessionCounts(store: Store, rows: SessionRows): Promise<SessionDetail['counts']> {
  const params = new SqlParams();
  const found = await store.reads.all(
    `SELECT count(*) FILTER (WHERE kind = 'error') AS final_errors,
       count(*) FILTER (WHERE kind = 'api_error') AS retries,
       count(*) FILTER (WHERE kind = 'tool_call' AND ${TOOL_DURATION_SQL} > ${SLOW_TOOL_MS}) AS slow_tools,
       count(*) FILTER (WHERE kind = 'compaction') AS compactions
     FROM ${rows.table} WHERE ${rows.where(params)}`,
    params.values,
  );
  const r = found[0] ?? {};
  return { finalErrors: toNumber(r.final_errors), retries: toNumber(r.retries), slowTools: toNumber(r.slow_tools), compactions: toNumber(r.compactions) };
}

/** Main-conversation model calls whose model differs from the call before. */
async function listModelSwitches(store: Store, session: SessionRows): Promise<ModelSwitch[]> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT id, ts, model, previous_model FROM (
       SELECT id, ts, model, lag(model) OVER (ORDER BY ts, ${byteOrder(store.dialect, 'id')}) AS previous_model
       FROM ${session.table} WHERE ${session.where(params)} AND ${USAGE_CALL} AND NOT coalesce(is_sidechain, false)
     ) AS calls WHERE previous_model IS NOT NULL AND previous_model <> model ORDER BY ts, ${byteOrder(store.dialect, 'id')}`,
    params.values,
  );
  return rows.map((r) => ({ ts: toNumber(r.ts), from: String(r.previous_model), to: String(r.model), eventId: String(r.id) }));
}

/** Sidechain and `subagent` events grouped by attrs.agentId, linked to the Agent/Task call that names the same id. */
async function subagents(store: Store, session: SessionRows): Promise<SubagentNode[]> {
  const params = new SqlParams();
  const where = session.where(params);
  const rows = await store.reads.all(
    `WITH agents AS (
       SELECT coalesce(attrs->>'agentId', '') AS agent_id, min(ts) AS first_ts, max(ts) AS last_ts,
         count(*) FILTER (WHERE ${USAGE_CALL}) AS llm_calls,
         coalesce(sum(${TOKENS_SQL}) FILTER (WHERE ${USAGE_CALL}), 0) AS tokens,
         coalesce(sum(cost_usd) FILTER (WHERE ${USAGE_CALL}), 0) AS cost_usd,
         count(*) FILTER (WHERE kind = 'tool_call') AS tool_calls,
         count(*) FILTER (WHERE kind IN ('error', 'api_error') OR (kind = 'tool_call' AND status = 'error')) AS errors,
         min(text) FILTER (WHERE kind = 'subagent') AS subagent_text
       FROM ${session.table} WHERE ${where} AND (coalesce(is_sidechain, false) OR kind = 'subagent')
       GROUP BY 1
     ), spawns AS (
       SELECT attrs->>'agentId' AS agent_id, min(id) AS tool_call_id, min(text) AS description FROM ${session.table}
       WHERE ${where} AND kind = 'tool_call' AND tool_name IN ('Agent', 'Task') AND NOT coalesce(is_sidechain, false)
         AND (attrs->>'agentId') IS NOT NULL
       GROUP BY 1
     )
     SELECT agents.*, spawns.tool_call_id, coalesce(spawns.description, agents.subagent_text) AS description
     FROM agents LEFT JOIN spawns ON spawns.agent_id = agents.agent_id
     ORDER BY agents.first_ts, ${byteOrder(store.dialect, 'agents.agent_id')}`,
    params.values,
  );
  return rows.map((r) => ({
    agentId: String(r.agent_id),
    parentToolCallId: textOrNull(r.tool_call_id),
    description: textOrNull(r.description),
    firstTs: toNumber(r.first_ts),
    lastTs: toNumber(r.last_ts),
    llmCalls: toNumber(r.llm_calls),
    tokens: toNumber(r.tokens),
    costUsd: toNumber(r.cost_usd),
    toolCalls: toNumber(r.tool_calls),
    errors: toNumber(r.errors),
    children: [],
  }));
}
