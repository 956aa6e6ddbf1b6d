import type { CanonicalEvent } from '../core/event.js';

export type LiveChannel = 'events' | 'sessions' | 'metrics' | 'alerts' | 'insights';

/**
 * A small team-wide notice that is not an event (a new insight). It carries only what a feed shows
 * at once; the client refetches the rest through the REST API.
 */
export interface LiveNotice {
  channel: 'insights';
  teamId: string;
  data: { id: string; authorId: string; title: string; tags: string[]; sessionId: string | null; createdAt: number };
}

/**
 * The live bus: every ingest path publishes the events it stored; WebSocket subscriptions (and other
 * instances, through PostgreSQL LISTEN/NOTIFY) receive them. In-process by default.
 */
export interface LiveBus {
  /** Publish events that were just stored (already merged; ids are final). */
  publish(events: CanonicalEvent[]): Promise<void>;
  /** Receive every published batch (from this instance or, when shared, from others). Returns unsubscribe. */
  onEvents(listener: (events: CanonicalEvent[]) => void): () => void;
  /** Publish a notice (optional: buses built before notices existed have none). */
  publishNotice?(notice: LiveNotice): Promise<void>;
  onNotices?(listener: (notice: LiveNotice) => void): () => void;
  close(): Promise<void>;
}
