import type { CanonicalEvent } from '../core/event.js';
import type { LiveBus, LiveNotice } from './types.js';

/** Listeners of one process; the shared bus builds on it for local delivery. */
export class ListenerSet {
  private readonly listeners = new Set<(events: CanonicalEvent[]) => void>();

  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  add(listener: (events: CanonicalEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Every listener gets the batch; one that throws does not keep it from the others. */
  emit(events: CanonicalEvent[]): void {
    if (!events.length) return;
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

/**
 * The in-process bus (embedded mode, one `serve`): publish hands the batch to every listener synchronously.
 * @example const bus = createLocalBus(); bus.onEvents((events) => console.log(events.length)); await bus.publish(stored);
 */
export function createLocalBus(onError?: (error: unknown) => void): LiveBus {
  const listeners = new ListenerSet(onError);
  const notices = new NoticeListeners(onError);
  return {
    async publish(events) {
      listeners.emit(events);
    },
    onEvents: (listener) => listeners.add(listener),
    publishNotice: async (notice) => notices.emit(notice),
    onNotices: (listener) => notices.add(listener),
    async close() {
      listeners.clear();
      notices.clear();
    },
  };
}

/** Listeners of notices (new insights); one that throws does not keep the notice from the others. */
export class NoticeListeners {
  private readonly listeners = new Set<(notice: LiveNotice) => void>();

  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  add(listener: (notice: LiveNotice) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(notice: LiveNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
