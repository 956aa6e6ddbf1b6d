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
/** While requests keep coming, session refresh and live publish run at most this often. */
const FOLLOW_UP_EVERY_MS = 200;

/**
 * Stores API batches. Requests that arrive while a write runs are stored together in the next
 * transaction, and a request is answered once its transaction commits. Then the sessions touched
 * are refreshed and the events published on the live bus (in that order, so live viewers find
 * current roll-ups): right away when no request is waiting, else at most every 200 ms for
 * everything written since. A store write and a session refresh cost mostly per transaction and per
 * session rather than per event, so under load this keeps ingest fast; when idle nothing waits.
 */
export class ApiEventWriter {
  private queue: Pending[] = [];
  private running = false;
  private unpublished: CanonicalEvent[] = [];
  private lastFollowUp = 0;

  constructor(private readonly deps: WriterDeps, private readonly onError: (error: unknown) => void = () => undefined) {}

  /** Resolves once the events are stored (committed); refresh and publish follow shortly. */
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
        await this.writeRound(this.takeRound());
        if (this.queue.length === 0 || Date.now() - this.lastFollowUp >= FOLLOW_UP_EVERY_MS) await this.followUp();
      }
    } finally {
      this.running = false;
    }
  }

  private async writeRound(round: Pending[]): Promise<void> {
    try {
      const unique = mergeBatch(round.flatMap((p) => p.events));
      await this.writeUnique(unique);
      for (const event of unique) this.unpublished.push(event);
      for (const pending of round) pending.done();
    } catch (error) {
      for (const pending of round) pending.done(error ?? new Error('store write failed'));
    }
  }

  /** Refresh the sessions of everything written since the last follow-up, then publish it. */
  private async followUp(): Promise<void> {
    const events = this.unpublished;
    this.unpublished = [];
    this.lastFollowUp = Date.now();
    if (events.length === 0) return;
    try {
      await this.deps.store.refreshSessions([...new Set(events.map((e) => e.sessionId))]);
      await this.deps.bus.publish(events);
    } catch (error) {
      this.onError(error);
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

  /**
   * DuckDB loads JSON lines natively (read_json) in its own threads: measured faster than its
   * row-by-row Appender, and off the event loop that parses the next requests. PostgreSQL's
   * writeBatch streams COPY already.
   */
  private async writeUnique(events: CanonicalEvent[]): Promise<void> {
    if (this.deps.store.kind !== 'duckdb') {
      await this.deps.store.writeBatch(events);
      return;
    }
    let lines = '';
    for (const event of events) lines += JSON.stringify(event) + '\n';
    await this.deps.store.writeEventLines([lines], [], events.map((e) => e.id));
  }
}
