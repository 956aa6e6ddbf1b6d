import { randomUUID } from 'node:crypto';
import type { CanonicalEvent } from '../core/event.js';
import type { Scope } from '../core/scope.js';
import { defaultPriceTable, type PriceTable } from '../core/pricing/index.js';
import type { Store } from '../store/store.js';
import { AlertSettingsCache, DEFAULT_TEAM_ALERT_SETTINGS } from './alert-settings.js';
import { AlertTracker, DEFAULT_ALERT_RULES, type AlertRules, type LiveAlert } from './alerts.js';
import { LiveConnection, type LiveSocket } from './connection.js';
import { fetchSessionRollups } from './fetch-by-id.js';
import type { LiveItem } from './items.js';
import { MetricsWindow } from './metrics-window.js';
import { WebhookNotifier } from './notify-webhook.js';
import { DEFAULT_REPLAY_LIMITS, ReplayBuffer, type ReplayLimits } from './replay-buffer.js';
import type { SnapshotSources } from './snapshots.js';
import type { LiveBus, LiveChannel } from './types.js';

export interface LiveHubOptions {
  bus: LiveBus;
  store: Store;
  prices?: PriceTable;
  /** heartbeat frame interval (default 15 s) */
  heartbeatMs?: number;
  /** least time between two aggregate updates of one channel (default 1 s) */
  aggregateIntervalMs?: number;
  replay?: Partial<ReplayLimits>;
  /** sliding window of the metrics channel's rates (default 10 s) */
  metricsWindowMs?: number;
  /** bytes a client may have unsent before it is dropped with 1013 (default 4 MiB) */
  maxQueueBytes?: number;
  /** subscriptions per connection (default 32) */
  maxSubscriptions?: number;
  alertRules?: Partial<AlertRules>;
  /** told the number of open connections whenever it changes (a Prometheus gauge) */
  onConnectionCount?: (count: number) => void;
  onError?: (error: unknown, context: string) => void;
}

type AggregateChannel = Exclude<LiveChannel, 'events' | 'insights'>;

/**
 * One per server instance: numbers everything the bus brings into one stream (`seq`), keeps the
 * replay buffer, turns events into throttled aggregate updates, and fans items out to connections.
 */
export class LiveHub {
  readonly instance = randomUUID().slice(0, 8);
  readonly heartbeatMs: number;
  readonly maxQueueBytes: number;
  readonly maxSubscriptions: number;
  readonly snapshotSources: SnapshotSources;
  /** seqs start at the start time in µs, so a later run never reuses an earlier run's numbers */
  private lastSeq = Date.now() * 1000;
  readonly replay: ReplayBuffer;
  private readonly connections = new Set<LiveConnection>();
  private readonly metricsWindow: MetricsWindow;
  private readonly alerts: AlertTracker;
  /** per-team thresholds and webhooks (team settings), and the webhook they go to */
  private readonly alertSettings: AlertSettingsCache;
  readonly notifier: WebhookNotifier;
  /** alert work runs in arrival order: settings reads are async, alert state must not interleave */
  private alertWork: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly touchedSessions = new Map<string, { teamId: string; sessionId: string }>();
  private readonly pendingAlerts = new Map<string, LiveAlert>();
  private readonly lastAggregateAt: Record<AggregateChannel, number> = { sessions: 0, metrics: 0, alerts: 0 };
  private metricsWereBusy = false;
  private ticking = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribeBus: () => void;
  private readonly unsubscribeNotices: () => void;
  private readonly aggregateIntervalMs: number;

  constructor(private readonly options: LiveHubOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.aggregateIntervalMs = options.aggregateIntervalMs ?? 1000;
    this.maxQueueBytes = options.maxQueueBytes ?? 4 * 1024 * 1024;
    this.maxSubscriptions = options.maxSubscriptions ?? 32;
    this.replay = new ReplayBuffer({ ...DEFAULT_REPLAY_LIMITS, ...options.replay }, this.lastSeq);
    this.metricsWindow = new MetricsWindow(options.metricsWindowMs ?? 10_000);
    const rules = { ...DEFAULT_ALERT_RULES, ...options.alertRules };
    const prices = options.prices ?? defaultPriceTable();
    this.alerts = new AlertTracker(rules, prices);
    const reportError = (error: unknown, context: string) => this.reportError(error, context);
    this.alertSettings = new AlertSettingsCache(options.store, reportError);
    this.notifier = new WebhookNotifier({ onError: reportError });
    this.snapshotSources = {
      store: options.store,
      prices,
      recentMs: rules.recentMs,
      metricsView: () => this.metricsWindow.view(),
      activeAlerts: () => this.alerts.active(),
      alertThresholds: (teamId) => this.alertSettings.forTeam(teamId),
    };
    this.unsubscribeBus = options.bus.onEvents((events) => this.receive(events));
    // notices are pushed as they come: they are rare and each is one small item
    this.unsubscribeNotices = options.bus.onNotices?.((notice) => this.push({ seq: 0, at: Date.now(), channel: notice.channel, notice })) ?? (() => undefined);
    // a quarter-interval tick: each channel still waits a full interval between its updates
    this.timers.push(setInterval(() => void this.tick(), Math.max(10, this.aggregateIntervalMs / 4)));
    this.timers.push(setInterval(() => this.heartbeat(), this.heartbeatMs));
    for (const timer of this.timers) timer.unref();
  }

  get seq(): number {
    return this.lastSeq;
  }

  /** Attach a socket; the connection handles its frames until it closes. */
  connect(socket: LiveSocket, scope: Scope): LiveConnection {
    const connection = new LiveConnection(this, socket, scope);
    this.connections.add(connection);
    this.options.onConnectionCount?.(this.connections.size);
    return connection;
  }

  disconnected(connection: LiveConnection): void {
    if (this.connections.delete(connection)) this.options.onConnectionCount?.(this.connections.size);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  reportError(error: unknown, context: string): void {
    this.options.onError?.(error, context);
  }

  /** Stop, closing every socket (1001 "going away" on shutdown). */
  close(code = 1001, reason = 'server shutting down'): void {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.unsubscribeBus();
    this.unsubscribeNotices();
    for (const connection of [...this.connections]) connection.close(code, reason);
  }

  private receive(events: CanonicalEvent[]): void {
    const now = Date.now();
    for (const event of events) {
      this.push({ seq: 0, at: now, channel: 'events', event });
      this.touchedSessions.set(`${event.teamId}/${event.sessionId}`, { teamId: event.teamId, sessionId: event.sessionId });
    }
    this.metricsWindow.add(events, now);
    this.queueAlertWork(() => this.observeAlerts(events, now));
  }

  private queueAlertWork(work: () => Promise<void>): void {
    this.alertWork = this.alertWork.then(work).catch((error) => this.reportError(error, 'live alerts'));
  }

  /** Alerts these events raise, changed or clear under their teams' thresholds; each is published and notified. */
  private async observeAlerts(events: CanonicalEvent[], now: number): Promise<void> {
    if (this.closed) return;
    const settings = await this.alertSettings.forTeams(events.map((e) => e.teamId));
    const settingsOf = (teamId: string) => settings.get(teamId) ?? DEFAULT_TEAM_ALERT_SETTINGS;
    for (const alert of this.alerts.observe(events, now, settingsOf)) {
      this.pendingAlerts.set(alert.id, alert);
      this.notifier.notify(alert, settingsOf(alert.teamId));
    }
  }

  /** Alerts cleared by time (quiet sessions): told to the webhooks their raise went to. */
  private async notifyCleared(alerts: LiveAlert[]): Promise<void> {
    if (this.closed) return;
    const settings = await this.alertSettings.forTeams(alerts.map((a) => a.teamId));
    for (const alert of alerts) this.notifier.notify(alert, settings.get(alert.teamId) ?? DEFAULT_TEAM_ALERT_SETTINGS);
  }

  /** Number an item, keep it for replay and hand it to every connection. */
  private push(item: LiveItem): void {
    item.seq = ++this.lastSeq;
    this.replay.push(item);
    for (const connection of this.connections) connection.deliver(item);
  }

  private due(channel: AggregateChannel, now: number): boolean {
    return now - this.lastAggregateAt[channel] >= this.aggregateIntervalMs;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.flushSessions();
      this.flushMetrics();
      this.flushAlerts();
    } catch (error) {
      this.reportError(error, 'live aggregate update');
    } finally {
      this.ticking = false;
    }
  }

  /** Roll-ups of the sessions touched since the last update (ingest refreshes them before publishing). */
  private async flushSessions(): Promise<void> {
    if (!this.touchedSessions.size || !this.due('sessions', Date.now())) return;
    const keys = [...this.touchedSessions.values()];
    this.touchedSessions.clear();
    const sessions = await fetchSessionRollups(this.options.store, keys);
    const now = Date.now();
    if (!this.due('sessions', now)) return; // cannot happen with one tick at a time; kept as the guarantee
    this.lastAggregateAt.sessions = now;
    if (sessions.length) this.push({ seq: 0, at: now, channel: 'sessions', sessions });
  }

  /** Rates while events flow, and one more update when they stop (so gauges fall to zero). */
  private flushMetrics(): void {
    const now = Date.now();
    if (!this.due('metrics', now)) return;
    const busy = !this.metricsWindow.isEmpty(now);
    if (!busy && !this.metricsWereBusy) return;
    this.metricsWereBusy = busy;
    this.lastAggregateAt.metrics = now;
    this.push({ seq: 0, at: now, channel: 'metrics', window: this.metricsWindow.view(now) });
  }

  private flushAlerts(): void {
    const now = Date.now();
    if (!this.due('alerts', now)) return;
    const cleared = this.alerts.expire(now);
    for (const alert of cleared) this.pendingAlerts.set(alert.id, alert);
    if (cleared.length) this.queueAlertWork(() => this.notifyCleared(cleared));
    if (!this.pendingAlerts.size) return;
    const alerts = [...this.pendingAlerts.values()];
    this.pendingAlerts.clear();
    this.lastAggregateAt.alerts = now;
    this.push({ seq: 0, at: now, channel: 'alerts', alerts });
  }

  private heartbeat(): void {
    const ts = Date.now();
    for (const connection of this.connections) connection.heartbeat(this.lastSeq, ts);
  }
}
