import type { CanonicalEvent } from '../../core/event.js';
import type { Dialect } from './dialect.js';
import type { SqlSession } from './session.js';

/**
 * One model call, two reports: the transcript stores it under `eventId('cc','msg', message.id)`, OTLP
 * (or the event API) under its own id, both with the provider's request id. Usage must count it once,
 * so a transcript copy shadows every other source's copy with the same request id: those rows are
 * deleted, in the write transaction of whichever copy arrives second (either order works).
 *
 * Only the request ids of the batch just written are looked at, so a big import never scans for
 * shadows it could not have created.
 */

/** The distinct request ids of the model calls in a batch; empty when the shadow pass can be skipped. */
export function modelCallRequestIds(events: readonly CanonicalEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) if (event.kind === 'llm_call' && event.requestId) ids.add(event.requestId);
  return [...ids];
}

/**
 * DELETE of the non-transcript model calls whose request id is both in `requestIdsSql` (a subquery
 * yielding one column `request_id`) and on a transcript model call. Returns the deleted rows'
 * session ids: their roll-ups are owed a refresh even when the batch held no event of theirs.
 */
export function shadowDeleteSql(requestIdsSql: string): string {
  return `DELETE FROM events
    WHERE kind = 'llm_call' AND source <> 'transcript'
      AND request_id IN (
        SELECT t.request_id FROM events AS t
        WHERE t.kind = 'llm_call' AND t.source = 'transcript'
          AND t.request_id IN (SELECT b.request_id FROM (${requestIdsSql}) AS b)
      )
    RETURNING session_id`;
}

/** The batch's request ids as a subquery over bound parameter $1 (a text array / DuckDB list). */
function boundIdsSql(dialect: Dialect): string {
  return dialect === 'postgres' ? 'SELECT unnest($1::text[]) AS request_id' : 'SELECT unnest($1::VARCHAR[]) AS request_id';
}

/**
 * Delete the copies shadowed by transcript model calls, for these request ids. `boundIds` is the list
 * as the driver binds it: a string[] for PostgreSQL, a DuckDB `listValue(ids)` for DuckDB.
 * Returns the sessions of the dropped rows.
 * @example await dropShadowedCalls(tx, 'postgres', ids, ids) // inside the write transaction
 */
export async function dropShadowedCalls(db: SqlSession, dialect: Dialect, requestIds: readonly string[], boundIds: unknown): Promise<string[]> {
  if (requestIds.length === 0) return [];
  return sessionsOf(await db.all(shadowDeleteSql(boundIdsSql(dialect)), [boundIds]));
}

/** The distinct session ids of RETURNING session_id rows. */
export function sessionsOf(rows: ReadonlyArray<Record<string, unknown>>): string[] {
  return [...new Set(rows.map((r) => String(r.session_id)))];
}
