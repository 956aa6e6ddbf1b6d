import type { CanonicalEvent } from '../../core/event.js';
import type { Scope } from '../../core/scope.js';
import type { LiveBus } from '../../live/types.js';
import type { Store } from '../../store/store.js';
import { foreignIds } from './ownership.js';
import { validateEvents, type Rejection } from './validate.js';

/** What POST /api/v1/events answers. */
export interface IngestResult {
  /** events stored (new or merged into a stored copy of their id) */
  accepted: number;
  /** of those, ids that were new */
  inserted: number;
  /** ids of the accepted events, in request order */
  ids: string[];
  rejected: Rejection[];
}

export interface IngestDeps {
  store: Store;
  bus: LiveBus;
}

/**
 * Validate a batch event by event, store the valid rest in one transaction, refresh the sessions it
 * touched, then publish it on the live bus (in that order, so live viewers find current roll-ups).
 * @example await ingestApiEvents(deps, request.scope, [{ ts: Date.now(), sessionId: 'job-1', kind: 'log', text: 'started' }])
 */
export async function ingestApiEvents(deps: IngestDeps, scope: Scope, items: readonly unknown[]): Promise<IngestResult> {
  const batch = validateEvents(items, scope);
  const events = await withoutForeign(deps.store, scope, batch.events, batch.indexes, batch.rejected);
  const result: IngestResult = { accepted: events.length, inserted: 0, ids: events.map((e) => e.id), rejected: batch.rejected };
  if (events.length === 0) return result;
  result.inserted = (await deps.store.writeBatch(events)).inserted;
  await deps.store.refreshSessions([...new Set(events.map((e) => e.sessionId))]);
  await deps.bus.publish(events);
  return result;
}

/** Drop (and reject) events whose id another owner already holds. */
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
