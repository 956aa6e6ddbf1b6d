import { latest, type Dialect } from './dialect.js';
import { SqlParams } from './params.js';
import type { SqlSession } from './session.js';

/** A model call that counts toward usage: synthetic rows (errors Claude Code writes itself) do not. */
export const USAGE_CALL = `kind = 'llm_call' AND model IS DISTINCT FROM '<synthetic>'`;

const IDS_PER_STATEMENT = 1000;

function rollupColumns(dialect: Dialect): Array<[column: string, expr: string]> {
  const latestNonNull = (expr: string) => latest(dialect, expr, `${expr} IS NOT NULL`);
  const sumOfUsage = (column: string) => `coalesce(sum(${column}) FILTER (WHERE ${USAGE_CALL}), 0)`;
  const contextTokens = 'coalesce(input_tokens, 0) + coalesce(cache_read_tokens, 0) + coalesce(cache_creation_tokens, 0)';
  return [
    ['user_id', latest(dialect, 'user_id', 'TRUE')],
    ['visibility', latest(dialect, 'visibility', 'TRUE')],
    ['agent', latest(dialect, 'agent', 'TRUE')],
    ['project', latestNonNull('project')],
    ['cwd', latestNonNull(`attrs->>'cwd'`)],
    ['git_branch', latestNonNull(`attrs->>'gitBranch'`)],
    ['title', latestNonNull(`attrs->>'title'`)],
    ['first_ts', 'min(ts)'],
    ['last_ts', 'max(ts)'],
    ['models', `array_agg(DISTINCT model ORDER BY model) FILTER (WHERE ${USAGE_CALL} AND model IS NOT NULL)`],
    ['last_model', latest(dialect, 'model', `${USAGE_CALL} AND model IS NOT NULL`)],
    ['input_tokens', sumOfUsage('input_tokens')],
    ['output_tokens', sumOfUsage('output_tokens')],
    ['cache_creation_tokens', sumOfUsage('cache_creation_tokens')],
    ['cache_read_tokens', sumOfUsage('cache_read_tokens')],
    ['cost_usd', sumOfUsage('cost_usd')],
    ['prompts', `count(*) FILTER (WHERE kind = 'prompt')`],
    ['llm_calls', `count(*) FILTER (WHERE ${USAGE_CALL})`],
    ['tool_calls', `count(*) FILTER (WHERE kind = 'tool_call')`],
    ['tool_errors', `count(*) FILTER (WHERE kind = 'tool_call' AND status = 'error')`],
    ['errors', `count(*) FILTER (WHERE kind IN ('error', 'api_error'))`],
    ['last_context_tokens', `coalesce(${latest(dialect, contextTokens, `${USAGE_CALL} AND NOT coalesce(is_sidechain, false)`)}, 0)`],
    ['ended', `coalesce(bool_or(kind = 'session_end'), false)`],
  ];
}

/** One aggregate over the events of the chosen sessions, upserted into sessions. */
function refreshSql(dialect: Dialect, where: string): string {
  const columns = rollupColumns(dialect);
  return `INSERT INTO sessions (team_id, session_id, ${columns.map(([c]) => c).join(', ')})
    SELECT team_id, session_id, ${columns.map(([c, expr]) => `${expr} AS ${c}`).join(',\n      ')}
    FROM events ${where}
    GROUP BY team_id, session_id
    ON CONFLICT (team_id, session_id) DO UPDATE SET ${columns.map(([c]) => `${c} = excluded.${c}`).join(', ')}`;
}

/** Recomputes the roll-ups of these sessions (every session when omitted) from their events. */
export async function refreshSessionRollups(db: SqlSession, dialect: Dialect, sessionIds?: readonly string[]): Promise<void> {
  if (!sessionIds) {
    await db.run(`DELETE FROM sessions WHERE ${NO_EVENTS_LEFT}`);
    await db.run(refreshSql(dialect, ''));
    return;
  }
  const unique = [...new Set(sessionIds)];
  for (let start = 0; start < unique.length; start += IDS_PER_STATEMENT) {
    const params = new SqlParams();
    const ids = params.list(unique.slice(start, start + IDS_PER_STATEMENT));
    // a session whose events were all deleted (demo data removed) has no roll-up left
    await db.run(`DELETE FROM sessions WHERE session_id IN (${ids}) AND ${NO_EVENTS_LEFT}`, params.values);
    await db.run(refreshSql(dialect, `WHERE session_id IN (${ids})`), params.values);
  }
}

const NO_EVENTS_LEFT = `NOT EXISTS (SELECT 1 FROM events AS e WHERE e.team_id = sessions.team_id AND e.session_id = sessions.session_id)`;
