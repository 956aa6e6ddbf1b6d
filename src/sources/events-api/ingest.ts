import type { CanonicalEvent } from '../../core/event.js';
import { LOCAL_TEAM_ID, LOCAL_USER_ID, type Scope } from '../../core/scope.js';
import type { Store } from '../../store/store.js';
import { foreignIds } from './ownership.js';
import { validateEvents, type Rejection } from './validate.js';
import type { ApiEventWriter } from './writer.js';

/** Team mode: the visibility of events that name none, and a last step before the write (visibility of known sessions). */
export interface IngestOptions {
  defaultVisibility?: CanonicalEvent['visibility'];
  prepare?: (events: CanonicalEvent[]) => Promise<void>;
}

/** What POST /api/v1/events answers. */
export interface IngestResult {
  /** events stored (new, or merged into a stored copy of their id) */
  accepted: number;
  /** ids of the accepted events, in request order */
  ids: string[];
  rejected: Rejection[];
}

/**
 * Validate a batch event by event, then store the valid rest (refreshing the sessions it touched and
 * publishing it on the live bus) through the shared writer.
 * @example await ingestApiEvents(store, writer, request.scope, [{ ts: Date.now(), sessionId: 'job-1', kind: 'log', text: 'started' }])
 */
export async function ingestApiEvents(store: Store, writer: ApiEventWriter, scope: Scope, items: readonly unknown[], options: IngestOptions = {}): Promise<IngestResult> {
  const batch = validateEvents(items, scope, options.defaultVisibility);
  const events = isLocalOwner(scope) ? batch.events : await withoutForeign(store, scope, batch.events, batch.indexes, batch.rejected);
  if (options.prepare) await options.prepare(events);
  if (events.length > 0) await writer.write(events);
  return { accepted: events.length, ids: events.map((e) => e.id), rejected: batch.rejected };
}

/** Local mode has one owner: every stored row is theirs, so no id can belong to someone else. */
function isLocalOwner(scope: Scope): boolean {
  return scope.teamId === LOCAL_TEAM_ID && scope.userId === LOCAL_USER_ID;
}

/** Drop (and reject) events whose id another owner already holds: writing them would merge into their row. */
async function withoutForeign(store: Store, scope: Scope, events: CanonicalEvent[], indexes: number[], rejected: Rejection[]): Promise<CanonicalEvent[]> {
  const foreign = await foreignIds(store, scope, events.map((e) => e.id));
  if (foreign.size === 0) return events;
  const kept: CanonicalEvent[] = [];
  events.forEach((event, i) => {
    if (!foreign.has(event.id)) kept.push(event);
    else rejected.push({ index: indexes[i], field: 'id', message: 'this id belongs to an event of another owner' });
  });
  rejected.sort((a, b) => a.index - b.index);
  return kept;
}
