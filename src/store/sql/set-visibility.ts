import { refreshRollups } from '../rollups/refresh.js';
import type { Dialect } from './dialect.js';
import { SqlParams } from './params.js';
import type { SqlSession } from './session.js';

export type Visibility = 'private' | 'team' | 'public';

const IDS_PER_STATEMENT = 1000;

/**
 * Share or unshare one session: its events, its `sessions` row and every roll-up row of it get the
 * new visibility, inside the caller's write transaction (`store.transaction`). Reads filter on the
 * visibility column of whichever table they read, so all of them must change together.
 *
 * Session-keyed roll-ups are simply recomputed for the session; bucket-keyed ones mix sessions of
 * one (owner, visibility) in a row, so their dirty buckets are derived again from events — both by
 * the same refresh the write path uses (rollups/refresh.ts). Returns how many events changed.
 *
 * @example await store.transaction((db) => setSessionVisibility(db, store.dialect, teamId, sessionId, 'team'))
 */
export async function setSessionVisibility(db: SqlSession, dialect: Dialect, teamId: string, sessionId: string, visibility: Visibility): Promise<number> {
  const changed = await db.run(
    'UPDATE events SET visibility = $1 WHERE team_id = $2 AND session_id = $3 AND visibility <> $1',
    [visibility, teamId, sessionId],
  );
  await db.run('UPDATE sessions SET visibility = $1 WHERE team_id = $2 AND session_id = $3', [visibility, teamId, sessionId]);
  if (changed > 0) await refreshRollups(db, dialect, [sessionId]);
  return changed;
}

/**
 * The stored visibility of each of these sessions that exists. Ingest stamps new events of a known
 * session with it, so a session shared once stays shared as it grows (the session's visibility is
 * its latest event's, and roll-ups group by the event's).
 */
export async function sessionVisibilities(db: SqlSession, teamId: string, sessionIds: readonly string[]): Promise<Map<string, Visibility>> {
  const found = new Map<string, Visibility>();
  const unique = [...new Set(sessionIds)];
  for (let start = 0; start < unique.length; start += IDS_PER_STATEMENT) {
    const params = new SqlParams();
    const team = params.add(teamId);
    const ids = params.list(unique.slice(start, start + IDS_PER_STATEMENT));
    const rows = await db.all(`SELECT session_id, visibility FROM sessions WHERE team_id = ${team} AND session_id IN (${ids})`, params.values);
    for (const row of rows) found.set(String(row.session_id), String(row.visibility) as Visibility);
  }
  return found;
}
