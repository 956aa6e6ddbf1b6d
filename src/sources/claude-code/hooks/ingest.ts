import { canonicalEvent, type CanonicalEvent } from '../../../core/event.js';
import type { LiveBus } from '../../../live/types.js';
import type { Store } from '../../../store/store.js';
import { hookToEvents } from './map.js';
import { hookPayload, type EventOwner, type HookPayload, type ReceivedHook } from './payload.js';

/** What storing hook events needs: the store and the live bus (a subset of ServerDeps). */
export interface HookIngestDeps {
  store: Store;
  bus: LiveBus;
}

export type ParsedHook = { ok: true; hook: ReceivedHook } | { ok: false; field: string; message: string };

/** Validate one payload; the error names the missing or wrong field. */
export function parseHook(raw: unknown, receivedAt: number): ParsedHook {
  const parsed = hookPayload.safeParse(raw);
  if (parsed.success) return { ok: true, hook: { payload: parsed.data as HookPayload, receivedAt } };
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? issue.path.map(String).join('.') : 'body';
  const message = field === 'body' ? 'a hook payload must be a JSON object' : `'${field}': ${issue.message}`;
  return { ok: false, field, message };
}

/**
 * Turn hook payloads into canonical events, store them (one transaction), refresh their sessions,
 * then publish them on the live bus. Returns the events stored.
 */
export async function ingestHooks(deps: HookIngestDeps, hooks: readonly ReceivedHook[], owner: EventOwner, followUp?: FollowUp, prepare?: (events: CanonicalEvent[]) => Promise<void>): Promise<CanonicalEvent[]> {
  const events: CanonicalEvent[] = [];
  for (const hook of hooks) for (const event of hookToEvents(hook, owner)) events.push(canonicalEvent.parse(event));
  // team mode: events of a stored session take its visibility (server/routes/ingest-owner.ts)
  if (prepare) await prepare(events);
  if (followUp) {
    if (events.length) await deps.store.writeBatch(events);
    followUp(events);
  } else await storeAndPublish(deps, events);
  return events;
}

/** Write, refresh the touched sessions, publish — in that order, so live clients can read what they hear about. */
export async function storeAndPublish(deps: HookIngestDeps, events: CanonicalEvent[]): Promise<void> {
  if (events.length === 0) return;
  await deps.store.writeBatch(events);
  await refreshAndPublish(deps, events);
}

async function refreshAndPublish(deps: HookIngestDeps, events: CanonicalEvent[]): Promise<void> {
  await deps.store.refreshSessions([...new Set(events.map((e) => e.sessionId))]);
  await deps.bus.publish(events);
}

/** Refresh-and-publish for events already stored, run after the reply, one at a time in arrival order. */
export type FollowUp = (events: CanonicalEvent[]) => void;

/**
 * The hook route answers as soon as the events are stored (the hook command waits on that answer
 * while Claude Code waits on the hook); the session roll-up and the live push follow right after.
 */
export function followUpQueue(deps: HookIngestDeps, onError: (error: unknown) => void): FollowUp {
  let chain: Promise<void> = Promise.resolve();
  return (events) => {
    if (events.length === 0) return;
    chain = chain.then(() => refreshAndPublish(deps, events)).catch(onError);
  };
}
