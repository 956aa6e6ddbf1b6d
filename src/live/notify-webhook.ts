import type { AlertSeverity, LiveAlert } from './alerts.js';

/** Where a team's alerts go: its webhook (team settings `notifications`). */
export interface WebhookTarget {
  webhookUrl: string | null;
  minSeverity: AlertSeverity;
}

export interface WebhookNotifierOptions {
  /** one POST waits at most this long (default 5 s); there are no retries */
  timeoutMs?: number;
  /** POSTs in flight at most; more are dropped and counted, so a stuck hook cannot pile up requests (default 32) */
  maxInFlight?: number;
  onError?: (error: unknown, context: string) => void;
}

const RANK: Record<AlertSeverity, number> = { warning: 0, high: 1, critical: 2 };
/** alert ids remembered at most; the oldest are forgotten (then a later clear of it is not posted) */
const MAX_REMEMBERED = 10_000;

/**
 * POSTs alerts to a team's webhook, at most once per alert id and state change: when it becomes
 * active at or above the team's minSeverity, when it escalates to a higher severity, and once when
 * a posted alert clears (`active: false`). Repeats (a burst's growing count) and falls post nothing.
 * Failures are counted and reported, never thrown: the live path must not wait for or fail on a hook.
 * @example notifier.notify(alert, { webhookUrl: 'https://hooks.example.com/x', minSeverity: 'high' });
 */
export class WebhookNotifier {
  /** alert id → the highest severity rank posted while it is active */
  private readonly posted = new Map<string, number>();
  private inFlight = 0;
  readonly counts = { sent: 0, failed: 0, dropped: 0 };
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;

  constructor(private readonly options: WebhookNotifierOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxInFlight = options.maxInFlight ?? 32;
  }

  /** Post the alert if its state change is news for this target; returns at once. */
  notify(alert: LiveAlert, target: WebhookTarget): void {
    if (!target.webhookUrl || !this.isNews(alert, target.minSeverity)) return;
    if (this.inFlight >= this.maxInFlight) {
      this.counts.dropped++;
      this.options.onError?.(new Error(`${this.inFlight} webhook POSTs in flight`), `alert webhook: dropped ${alert.id}`);
      return;
    }
    void this.post(target.webhookUrl, alert);
  }

  private isNews(alert: LiveAlert, minSeverity: AlertSeverity): boolean {
    const before = this.posted.get(alert.id);
    if (!alert.active) return this.posted.delete(alert.id); // a clear is news only after its raise was posted
    const rank = RANK[alert.severity];
    if (rank < RANK[minSeverity] || (before !== undefined && rank <= before)) return false;
    this.posted.delete(alert.id);
    this.posted.set(alert.id, rank); // most recent last
    if (this.posted.size > MAX_REMEMBERED) this.posted.delete(this.posted.keys().next().value!);
    return true;
  }

  private async post(url: string, alert: LiveAlert): Promise<void> {
    this.inFlight++;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'sightline-alerts' },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error', // a hook that moved is a configuration to fix, not a place to follow blindly
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.counts.sent++;
    } catch (error) {
      this.counts.failed++;
      this.options.onError?.(error, `alert webhook: POST of ${alert.id} failed`);
    } finally {
      this.inFlight--;
    }
  }
}
