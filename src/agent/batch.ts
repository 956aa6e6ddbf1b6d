import { canonicalEvent, type CanonicalEvent } from '../core/event.js';
import { mergeBatch } from '../core/merge.js';
import type { FileCheckpoint } from '../store/store.js';
import type { ReadSegment } from './reader.js';
import { redactEvent } from './redact.js';

/**
 * Segments read but not yet acknowledged. The checkpoints move only together with their events:
 * both after the server said yes, neither otherwise.
 */
export class PendingBatch {
  private segments: ReadSegment[] = [];
  events = 0;

  add(segments: readonly ReadSegment[]): void {
    for (const segment of segments) {
      this.segments.push(segment);
      this.events += segment.events.length;
    }
  }

  /** The newest checkpoint of each file in the batch. */
  checkpoints(): FileCheckpoint[] {
    const byPath = new Map<string, FileCheckpoint>();
    for (const { checkpoint } of this.segments) byPath.set(checkpoint.path, checkpoint);
    return [...byPath.values()];
  }

  bytes(): number {
    return this.segments.reduce((sum, s) => sum + s.bytes, 0);
  }

  /** The events to send: one copy per id, redacted when asked, and only ones the server's schema takes. */
  prepare(redact: boolean): { events: CanonicalEvent[]; invalid: Array<{ id: string; problem: string }> } {
    const merged = mergeBatch(this.segments.flatMap((s) => s.events));
    const events: CanonicalEvent[] = [];
    const invalid: Array<{ id: string; problem: string }> = [];
    for (const event of merged) {
      const candidate = redact ? redactEvent(event) : event;
      const parsed = canonicalEvent.safeParse(candidate);
      if (parsed.success) events.push(candidate);
      else invalid.push({ id: event.id, problem: `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` });
    }
    return { events, invalid };
  }

  clear(): void {
    this.segments = [];
    this.events = 0;
  }
}
