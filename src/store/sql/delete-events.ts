import { SqlParams } from './params.js';
import type { SqlSession } from './session.js';
import { sessionsOf } from './shadow.js';

/**
 * Which events to delete: those read from files under `sourcePathPrefix` (a directory path ending
 * with a separator) and/or every event of the listed sessions. Used to remove demo data.
 */
export interface DeleteEventsSelector {
  sourcePathPrefix?: string;
  sessionIds?: readonly string[];
}

export interface DeletedEvents {
  /** events deleted */
  events: number;
  /** the sessions they belonged to: the caller refreshes their roll-ups (`store.refreshSessions`) */
  sessionIds: string[];
}

const IDS_PER_STATEMENT = 1000;

/**
 * Deletes the selected events and the file checkpoints under the prefix (so the same files would be
 * read again from the start), inside the caller's write transaction. Roll-ups are not touched here.
 */
export async function deleteEventsWhere(db: SqlSession, selector: DeleteEventsSelector): Promise<DeletedEvents> {
  const sessions = new Set<string>();
  let events = 0;
  const prefix = selector.sourcePathPrefix;
  if (prefix) {
    const rows = await db.all(`DELETE FROM events WHERE left(source_path, length($1)) = $1 RETURNING session_id`, [prefix]);
    events += rows.length;
    for (const id of sessionsOf(rows)) sessions.add(id);
    await db.run(`DELETE FROM file_checkpoints WHERE left(path, length($1)) = $1`, [prefix]);
  }
  const ids = [...new Set(selector.sessionIds ?? [])];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    const params = new SqlParams();
    const list = params.list(ids.slice(start, start + IDS_PER_STATEMENT));
    const rows = await db.all(`DELETE FROM events WHERE session_id IN (${list}) RETURNING session_id`, params.values);
    events += rows.length;
    for (const id of sessionsOf(rows)) sessions.add(id);
  }
  for (const id of ids) sessions.add(id);
  return { events, sessionIds: [...sessions] };
}
