import type { CanonicalEvent } from '../core/event.js';
import { renderItem, type LiveItem, type Viewer } from './items.js';
import type { ServerFrame, SubId } from './protocol.js';

/** Items a subscription holds back while its snapshot is read, at most. */
const MAX_PENDING = 20_000;

/**
 * One subscription of one connection. While its snapshot is being read it holds live items back;
 * afterwards it renders each item through its viewer and sends what is left.
 */
export class Subscription {
  private pending: LiveItem[] | null = null;
  /** ids of the events in the snapshot: a held-back copy of one of them is not sent twice */
  private snapshotIds: Set<string> | null = null;
  closed = false;

  constructor(
    readonly id: SubId,
    readonly viewer: Viewer,
    private readonly send: (frame: ServerFrame) => boolean,
  ) {}

  /** Hold live items back until `release`. */
  holdBack(): void {
    this.pending = [];
  }

  /** Held-back overflow: the caller drops the client (it cannot keep up anyway). */
  get overflowing(): boolean {
    return this.pending !== null && this.pending.length > MAX_PENDING;
  }

  deliver(item: LiveItem): void {
    if (this.closed || item.channel !== this.viewer.channel) return;
    if (this.pending) this.pending.push(item);
    else this.emit(item);
  }

  /** Send the snapshot, then everything held back since it was taken. */
  release(snapshot: { seq: number; data: unknown }, snapshotEvents?: readonly CanonicalEvent[]): void {
    if (this.closed) return;
    this.snapshotIds = snapshotEvents ? new Set(snapshotEvents.map((e) => e.id)) : null;
    const held = this.pending ?? [];
    this.pending = null;
    if (!this.send({ type: 'snapshot', sub: this.id, seq: snapshot.seq, data: snapshot.data })) return;
    for (const item of held) if (item.seq > snapshot.seq && !this.emit(item)) return;
    this.snapshotIds = null;
  }

  /** Send replayed items as they were sent live. Returns how many frames went out. */
  replay(items: readonly LiveItem[]): number {
    let sent = 0;
    for (const item of items) {
      if (item.channel !== this.viewer.channel) continue;
      const data = renderItem(item, this.viewer);
      if (data === null) continue;
      if (!this.send(frameOf(this.id, item, data))) break;
      sent++;
    }
    return sent;
  }

  /** Returns false once the connection refuses more frames. */
  private emit(item: LiveItem): boolean {
    if (item.channel === 'events' && this.snapshotIds?.has(item.event.id)) return true;
    const data = renderItem(item, this.viewer);
    return data === null ? true : this.send(frameOf(this.id, item, data));
  }
}

function frameOf(sub: SubId, item: LiveItem, data: unknown): ServerFrame {
  return item.channel === 'events' ? { type: 'event', sub, seq: item.seq, data } : { type: 'update', sub, seq: item.seq, data };
}
