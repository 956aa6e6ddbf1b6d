/**
 * Login throttling: at most `limit` failures per key (an account, an address) within `windowMs`;
 * past that, attempts are refused until the oldest failure ages out. In memory, per instance: a
 * team server behind a load balancer multiplies the limit by its instance count, which still
 * stops brute force (documented in docs/people.md).
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** ms until `key` may try again; 0 when it may try now. */
  retryAfterMs(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    return recent.length < this.limit ? 0 : recent[0] + this.windowMs - now;
  }

  fail(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 50_000) this.prune(now);
  }

  /** A success clears the account's failures (not the address's: one good password must not unlock guessing others). */
  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((ts) => now - ts < this.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) if (!times.some((ts) => now - ts < this.windowMs)) this.failures.delete(key);
  }
}
