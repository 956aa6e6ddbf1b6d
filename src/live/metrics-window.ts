import type { CanonicalEvent } from '../core/event.js';

/** The events that arrived in the window ending at `at`, grouped per second (arrival time). */
export interface WindowView {
  at: number;
  windowMs: number;
  buckets: ReadonlyArray<readonly CanonicalEvent[]>;
}

/** Rates over the sliding window, as one `metrics` update carries them. */
export interface LiveFigures {
  ts: number;
  windowMs: number;
  events: number;
  tokens: number;
  costUsd: number;
  errors: number;
  eventsPerSec: number;
  tokensPerSec: number;
  costPerSec: number;
  errorsPerSec: number;
}

/** An event that counts as an error for rates and bursts. */
export function isErrorEvent(event: CanonicalEvent): boolean {
  return event.kind === 'error' || event.kind === 'api_error' || event.level === 'error' || (event.kind === 'tool_call' && event.status === 'error');
}

export function eventTokens(event: CanonicalEvent): number {
  return (event.inputTokens ?? 0) + (event.outputTokens ?? 0) + (event.cacheReadTokens ?? 0) + (event.cacheCreationTokens ?? 0);
}

/**
 * A sliding window of recent events in one-second buckets. Views share the closed buckets, so a view
 * kept in the replay buffer costs little; figures are computed per subscriber (scope and filters differ).
 */
export class MetricsWindow {
  private buckets: Array<{ second: number; events: CanonicalEvent[] }> = [];

  constructor(readonly windowMs = 10_000) {}

  add(events: readonly CanonicalEvent[], now = Date.now()): void {
    const second = Math.floor(now / 1000);
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.second !== second) {
      last = { second, events: [] };
      this.buckets.push(last);
    }
    // a fresh array when the bucket is shared with a view already taken
    last.events = last.events.concat(events);
    this.trim(now);
  }

  /** What the window holds now; later additions do not change a view taken earlier. */
  view(now = Date.now()): WindowView {
    this.trim(now);
    return { at: now, windowMs: this.windowMs, buckets: this.buckets.map((b) => b.events) };
  }

  isEmpty(now = Date.now()): boolean {
    this.trim(now);
    return this.buckets.length === 0;
  }

  private trim(now: number): void {
    const firstSecond = Math.floor((now - this.windowMs) / 1000) + 1;
    while (this.buckets.length && this.buckets[0].second < firstSecond) this.buckets.shift();
  }
}

/** Figures of the events in a view that pass `keep`. */
export function figuresOf(view: WindowView, keep: (event: CanonicalEvent) => boolean): LiveFigures {
  let events = 0;
  let tokens = 0;
  let costUsd = 0;
  let errors = 0;
  for (const bucket of view.buckets) {
    for (const event of bucket) {
      if (!keep(event)) continue;
      events++;
      tokens += eventTokens(event);
      costUsd += event.costUsd ?? event.reportedCostUsd ?? 0;
      if (isErrorEvent(event)) errors++;
    }
  }
  const seconds = view.windowMs / 1000;
  return {
    ts: view.at,
    windowMs: view.windowMs,
    events,
    tokens,
    costUsd,
    errors,
    eventsPerSec: events / seconds,
    tokensPerSec: tokens / seconds,
    costPerSec: costUsd / seconds,
    errorsPerSec: errors / seconds,
  };
}
