import type { LiveItem } from './items.js';

export interface ReplayLimits {
  /** items kept at most (default 10,000) */
  maxItems: number;
  /** and no older than this (default 5 minutes) */
  maxAgeMs: number;
}

export const DEFAULT_REPLAY_LIMITS: ReplayLimits = { maxItems: 10_000, maxAgeMs: 5 * 60_000 };

/**
 * The instance's recent stream, so a reconnecting client can get what it missed. Items are kept in
 * seq order; `evictedThrough` remembers the newest seq dropped, which tells whether a resume point
 * is still covered.
 */
export class ReplayBuffer {
  private items: LiveItem[] = [];
  private head = 0;
  private evictedThrough: number;

  constructor(
    private readonly limits: ReplayLimits,
    /** the seq before this instance's first item: older resume points are from another run */
    private readonly firstSeq: number,
  ) {
    this.evictedThrough = firstSeq;
  }

  push(item: LiveItem): void {
    this.items.push(item);
    this.evict(item.at);
  }

  /**
   * Every item after `seq`, or null when some of them are gone (evicted, or the seq is not from this run).
   * @example buffer.after(lastSeenSeq) ?? sendSnapshotInstead()
   */
  after(seq: number, now = Date.now()): LiveItem[] | null {
    this.evict(now);
    if (seq < this.evictedThrough) return null;
    const live = this.items.length - this.head;
    if (live > 0 && seq > this.items[this.items.length - 1].seq) return null; // from the future: not ours
    if (live === 0 && seq > this.evictedThrough) return null;
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return this.items.slice(lo);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  private evict(now: number): void {
    const oldest = now - this.limits.maxAgeMs;
    while (this.head < this.items.length && (this.size > this.limits.maxItems || this.items[this.head].at < oldest)) {
      this.evictedThrough = this.items[this.head].seq;
      this.head++;
    }
    // compact now and then so the array does not grow without bound
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** The seq this run started after. */
  get startSeq(): number {
    return this.firstSeq;
  }
}
