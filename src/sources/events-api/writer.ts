import type { CanonicalEvent } from '../../core/event.js';
import { mergeBatch } from '../../core/merge.js';
import type { LiveBus } from '../../live/types.js';
import type { Store } from '../../store/store.js';

export interface WriterDeps {
  store: Store;
  bus: LiveBus;
}

interface Pending {
  events: CanonicalEvent[];
  done: (error?: unknown) => void;
}

/** Most events one store transaction takes; more wait for the next round. */
const MAX_EVENTS_PER_WRITE = 20_000;

/**
 * Stores API batches, coalescing the requests that arrive while a write is running into the next
 * one. A store write and a session refresh cost mostly per transaction and per session, not per
 * event, so under load this is what keeps ingest fast; when idle a batch is written at once.
 * Each round: one transaction, refresh of the sessions it touched, publish on the bus — then every
 * request of the round is answered (or all get the error).
 */
export class ApiEventWriter {
  private queue: Pending[] = [];
  private running = false;

  constructor(private readonly deps: WriterDeps) {}

  /** Resolves once the events are stored, their sessions refreshed and the events published. */
  write(events: CanonicalEvent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const round = this.takeRound();
        try {
          await this.storeRound(round.flatMap((p) => p.events));
          for (const pending of round) pending.done();
        } catch (error) {
          for (const pending of round) pending.done(error ?? new Error('store write failed'));
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** The oldest requests, up to MAX_EVENTS_PER_WRITE events (always at least one request). */
  private takeRound(): Pending[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || events + this.queue[count].events.length <= MAX_EVENTS_PER_WRITE)) {
      events += this.queue[count].events.length;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async storeRound(events: CanonicalEvent[]): Promise<void> {
    const unique = mergeBatch(events);
    await this.deps.store.writeBatch(unique);
    await this.deps.store.refreshSessions([...new Set(unique.map((e) => e.sessionId))]);
    await this.deps.bus.publish(unique);
  }
}
