import type { CanonicalEvent } from '../core/event.js';

export type LiveChannel = 'events' | 'sessions' | 'metrics' | 'alerts';

/**
 * The live bus: every ingest path publishes the events it stored; WebSocket subscriptions (and other
 * instances, through PostgreSQL LISTEN/NOTIFY) receive them. In-process by default.
 */
export interface LiveBus {
  /** Publish events that were just stored (already merged; ids are final). */
  publish(events: CanonicalEvent[]): Promise<void>;
  /** Receive every published batch (from this instance or, when shared, from others). Returns unsubscribe. */
  onEvents(listener: (events: CanonicalEvent[]) => void): () => void;
  close(): Promise<void>;
}
