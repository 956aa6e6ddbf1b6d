import type { CanonicalEvent } from '../core/event.js';
import { EVENT_COLUMN_LIST } from '../store/sql/columns.js';
import { SqlParams } from '../store/sql/params.js';
import { rowToEvent, rowToSession } from '../store/sql/rows.js';
import type { SessionRollup, Store } from '../store/store.js';

const CHUNK = 500;

/**
 * Stored events by id, in the order asked, unscoped: the bus is internal and every subscription applies
 * its own scope. Ids not in this store are skipped (another schema's instance shares the database).
 */
export async function fetchEventsByIds(store: Store, ids: readonly string[]): Promise<CanonicalEvent[]> {
  const byId = new Map<string, CanonicalEvent>();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const params = new SqlParams();
    const list = params.list(ids.slice(start, start + CHUNK));
    const rows = await store.reads.all(`SELECT ${EVENT_COLUMN_LIST} FROM events WHERE id IN (${list})`, params.values);
    for (const row of rows) byId.set(String(row.id), rowToEvent(row));
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Current roll-ups of these (team, session) pairs, unscoped. */
export async function fetchSessionRollups(store: Store, keys: ReadonlyArray<{ teamId: string; sessionId: string }>): Promise<SessionRollup[]> {
  const wanted = new Set(keys.map((k) => `${k.teamId}/${k.sessionId}`));
  const out: SessionRollup[] = [];
  const sessionIds = [...new Set(keys.map((k) => k.sessionId))];
  for (let start = 0; start < sessionIds.length; start += CHUNK) {
    const params = new SqlParams();
    const list = params.list(sessionIds.slice(start, start + CHUNK));
    const rows = await store.reads.all(`SELECT * FROM sessions WHERE session_id IN (${list})`, params.values);
    for (const session of rows.map(rowToSession)) if (wanted.has(`${session.teamId}/${session.sessionId}`)) out.push(session);
  }
  return out.sort((a, b) => b.lastTs - a.lastTs);
}
