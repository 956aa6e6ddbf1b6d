import type { CanonicalEvent } from '../core/event.js';
import { contextWindow, defaultPriceTable, type PriceTable } from '../core/pricing/index.js';
import { isErrorEvent } from './metrics-window.js';

export type AlertSeverity = 'warning' | 'high' | 'critical';
export type AlertKind = 'context_window' | 'error_burst' | 'error_rate' | 'slow_service';

/** One alert; `active: false` is sent once when it clears. */
export interface LiveAlert {
  /** `<kind>:<teamId>/<sessionId>` (slow_service: `…/<sessionId>/<service>`): an update replaces the alert with the same id */
  id: string;
  kind: AlertKind;
  active: boolean;
  severity: AlertSeverity;
  message: string;
  ts: number;
  sessionId: string;
  project: string | null;
  model: string | null;
  teamId: string;
  userId: string;
  visibility: string;
  /** context_window: tokens in use, the model's window, the share and the threshold crossed */
  contextTokens?: number;
  contextWindow?: number;
  /** context_window: share of the window; error_rate: share of errors among `events` */
  percent?: number;
  /** context_window: the ladder step reached (%); error_rate: the team's errorRatePct */
  threshold?: number;
  /** error_burst: errors seen within windowMs; error_rate: errors among `events` */
  errors?: number;
  windowMs?: number;
  /** error_rate: the session's latest events the rate is computed over */
  events?: number;
  /** slow_service: the MCP server (or the tool) that was slow, how long the call took, the team's limit */
  service?: string;
  durationMs?: number;
  thresholdMs?: number;
}

/** A team's alert thresholds (team settings `alerts`); local mode and teams that set nothing use the defaults. */
export interface AlertThresholds {
  /** the lowest context-window step (%): warning there, high at 90, critical at 95 */
  contextPct: number;
  /** error_rate: errors among a session's latest events (%); 0 turns the alert off */
  errorRatePct: number;
  /** slow_service: a tool call at least this long */
  slowServiceMs: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = { contextPct: 80, errorRatePct: 10, slowServiceMs: 30_000 };

export interface AlertRules {
  /** errors within burstWindowMs that make a burst (default 5 in 60 s) */
  burstErrors: number;
  burstWindowMs: number;
  /** a burst alert clears after this long without errors; an error_rate alert after this long without events (default 5 min) */
  burstClearMs: number;
  /** error_rate: computed over a session's latest rateWindow events, once it has rateMinEvents (default 20, 10) */
  rateWindow: number;
  rateMinEvents: number;
  /** a slow_service alert clears after this long without another slow call of that service (default 5 min) */
  slowClearMs: number;
  /** events older than this (by their own time) raise nothing: a catch-up import is history, not news */
  recentMs: number;
  /** sessions tracked at most; the least recently seen are forgotten */
  maxSessions: number;
}

export const DEFAULT_ALERT_RULES: AlertRules = {
  burstErrors: 5,
  burstWindowMs: 60_000,
  burstClearMs: 5 * 60_000,
  rateWindow: 20,
  rateMinEvents: 10,
  slowClearMs: 5 * 60_000,
  recentMs: 30 * 60_000,
  maxSessions: 10_000,
};

interface SessionAlertState {
  context?: LiveAlert;
  burst?: LiveAlert;
  rate?: LiveAlert;
  errorTimes: number[];
  /** the latest events (by id: an updated tool call replaces its earlier state) for the error rate */
  recent: Array<{ id: string; error: boolean }>;
  lastEventAt: number;
  slow: Map<string, { alert: LiveAlert; lastSlowAt: number }>;
}

/**
 * The context-window ladder for a team's lowest step, highest first: [95 critical, 90 high, contextPct warning].
 * A contextPct at or above 90 moves the steps under it up to it (92 → [95 critical, 92 high]).
 * @example contextLadder(60) // [{at: 95, severity: 'critical'}, {at: 90, severity: 'high'}, {at: 60, severity: 'warning'}]
 */
export function contextLadder(lowest = 80): Array<{ at: number; severity: AlertSeverity }> {
  const steps = [
    { at: 95, severity: 'critical' as const },
    { at: 90, severity: 'high' as const },
    { at: lowest, severity: 'warning' as const },
  ].map((step) => ({ ...step, at: Math.max(step.at, lowest) }));
  return steps.filter((step, i) => steps.findIndex((s) => s.at === step.at) === i);
}

/** The highest step reached, or null under the lowest. */
export function contextThreshold(percent: number, lowest = 80): number | null {
  return contextLadder(lowest).find((step) => percent >= step.at)?.at ?? null;
}

/**
 * Watches the live stream per session for context-window pressure (latest main-conversation model call
 * against the model's window), error bursts, the error rate and slow tool calls; reports alerts as they
 * change. Thresholds come per team (`thresholdsOf`), the rest from `rules`.
 */
export class AlertTracker {
  private sessions = new Map<string, SessionAlertState>();

  constructor(
    private readonly rules: AlertRules = DEFAULT_ALERT_RULES,
    private readonly prices: PriceTable = defaultPriceTable(),
  ) {}

  /** Alerts raised, changed or cleared by these events. */
  observe(events: readonly CanonicalEvent[], now = Date.now(), thresholdsOf: (teamId: string) => AlertThresholds = () => DEFAULT_ALERT_THRESHOLDS): LiveAlert[] {
    const changed = new Map<string, LiveAlert>();
    for (const event of events) {
      if (event.ts < now - this.rules.recentMs) continue;
      const limits = thresholdsOf(event.teamId);
      const state = this.state(event);
      state.lastEventAt = now;
      const error = isErrorEvent(event);
      if (event.kind === 'llm_call' && !event.isSidechain && event.model) this.observeContext(event, state, limits.contextPct, changed);
      if (error) this.observeError(event, state, now, changed);
      this.observeRate(event, state, error, limits.errorRatePct, changed);
      if (event.kind === 'tool_call') this.observeSlow(event, state, now, limits.slowServiceMs, changed);
    }
    return [...changed.values()];
  }

  /** Alerts whose cause has died down, cleared: bursts and error rates after quiet, slow services after fast calls. */
  expire(now = Date.now()): LiveAlert[] {
    const cleared: LiveAlert[] = [];
    const clear = (alert: LiveAlert, message: string) => cleared.push({ ...alert, active: false, ts: now, message });
    for (const [key, state] of this.sessions) {
      const quietMs = now - state.lastEventAt;
      if (state.burst && now - (state.errorTimes.at(-1) ?? 0) >= this.rules.burstClearMs) {
        clear(state.burst, `errors in session ${state.burst.sessionId} have stopped`);
        state.burst = undefined;
      }
      if (state.rate && quietMs >= this.rules.burstClearMs) {
        clear(state.rate, `session ${state.rate.sessionId} has been quiet for ${Math.round(quietMs / 60_000)} min`);
        state.rate = undefined;
      }
      for (const [service, slow] of state.slow) {
        if (now - slow.lastSlowAt < this.rules.slowClearMs) continue;
        clear(slow.alert, `no slow call of ${service} in session ${slow.alert.sessionId} for ${Math.round(this.rules.slowClearMs / 60_000)} min`);
        state.slow.delete(service);
      }
      const idle = !state.context && !state.burst && !state.rate && state.slow.size === 0;
      if (idle && quietMs >= this.rules.burstClearMs) this.sessions.delete(key);
    }
    return cleared;
  }

  active(): LiveAlert[] {
    const out: LiveAlert[] = [];
    for (const state of this.sessions.values()) {
      for (const alert of [state.context, state.burst, state.rate]) if (alert?.active) out.push(alert);
      for (const slow of state.slow.values()) out.push(slow.alert);
    }
    return out;
  }

  private observeContext(event: CanonicalEvent, state: SessionAlertState, lowest: number, changed: Map<string, LiveAlert>): void {
    const tokens = (event.inputTokens ?? 0) + (event.cacheReadTokens ?? 0) + (event.cacheCreationTokens ?? 0);
    const window = contextWindow(this.prices, event.model!);
    const percent = (tokens / window) * 100;
    const threshold = contextThreshold(percent, lowest);
    if ((state.context?.threshold ?? null) === threshold) return;
    const alert = contextAlert(event, tokens, window, percent, threshold, lowest);
    state.context = threshold === null ? undefined : alert;
    changed.set(alert.id, alert); // raised, moved to another threshold, or cleared
  }

  private observeError(event: CanonicalEvent, state: SessionAlertState, now: number, changed: Map<string, LiveAlert>): void {
    state.errorTimes.push(now);
    while (state.errorTimes.length && state.errorTimes[0] < now - this.rules.burstWindowMs) state.errorTimes.shift();
    if (state.errorTimes.length < this.rules.burstErrors) return;
    const errors = state.errorTimes.length;
    // raise once, then update at most when the count has doubled: a burst is news, each error in it is not
    if (state.burst?.active && errors < (state.burst.errors ?? 0) * 2) return;
    state.burst = burstAlert(event, errors, this.rules.burstWindowMs, now);
    changed.set(state.burst.id, state.burst);
  }

  /** Raised when the share of errors among the latest events reaches the team's rate, cleared when it falls below. */
  private observeRate(event: CanonicalEvent, state: SessionAlertState, error: boolean, ratePct: number, changed: Map<string, LiveAlert>): void {
    const known = state.recent.find((r) => r.id === event.id);
    if (known) known.error = error;
    else if (state.recent.push({ id: event.id, error }) > this.rules.rateWindow) state.recent.shift();
    if (state.recent.length < this.rules.rateMinEvents) return;
    const errors = state.recent.filter((r) => r.error).length;
    const percent = (errors / state.recent.length) * 100;
    const over = ratePct > 0 && percent >= ratePct;
    if (over === Boolean(state.rate)) return; // news when it crosses, not on each event
    const alert = rateAlert(event, errors, state.recent.length, percent, ratePct, over);
    state.rate = over ? alert : undefined;
    changed.set(alert.id, alert);
  }

  /** One alert per session and service; more slow calls of it only keep it up. */
  private observeSlow(event: CanonicalEvent, state: SessionAlertState, now: number, slowMs: number, changed: Map<string, LiveAlert>): void {
    const durationMs = event.durationMs ?? (event.endTs != null ? event.endTs - event.ts : null);
    if (durationMs == null || durationMs < slowMs) return;
    const service = event.mcpServer || event.toolName || 'unknown tool';
    const known = state.slow.get(service);
    if (known) {
      known.lastSlowAt = now;
      return;
    }
    const alert = slowAlert(event, service, durationMs, slowMs, now);
    state.slow.set(service, { alert, lastSlowAt: now });
    changed.set(alert.id, alert);
  }

  private state(event: CanonicalEvent): SessionAlertState {
    const key = `${event.teamId}/${event.sessionId}`;
    let state = this.sessions.get(key);
    if (state) this.sessions.delete(key);
    else state = { errorTimes: [], recent: [], lastEventAt: 0, slow: new Map() };
    this.sessions.set(key, state); // most recently seen last
    if (this.sessions.size > this.rules.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    return state;
  }
}

/** What an alert is about: an event, or a session roll-up seen as its latest event. */
export interface AlertSubject {
  ts: number;
  sessionId: string;
  project?: string | null;
  model?: string | null;
  teamId: string;
  userId: string;
  visibility: string;
}

function owner(event: AlertSubject) {
  return {
    ts: event.ts,
    sessionId: event.sessionId,
    project: event.project ?? null,
    model: event.model ?? null,
    teamId: event.teamId,
    userId: event.userId,
    visibility: event.visibility,
  };
}

export function contextAlert(event: AlertSubject, tokens: number, window: number, percent: number, threshold: number | null, lowest = 80): LiveAlert {
  const rounded = Math.round(percent * 10) / 10;
  const step = contextLadder(lowest).find((s) => s.at === threshold);
  return {
    id: `context_window:${event.teamId}/${event.sessionId}`,
    kind: 'context_window',
    active: threshold !== null,
    severity: step?.severity ?? 'warning',
    message:
      threshold === null
        ? `context window of session ${event.sessionId} back under ${lowest}% (${rounded}%)`
        : `context window of session ${event.sessionId} at ${rounded}% of ${window.toLocaleString('en-US')} tokens (≥ ${threshold}%)`,
    ...owner(event),
    contextTokens: tokens,
    contextWindow: window,
    percent: rounded,
    ...(threshold === null ? {} : { threshold }),
  };
}

function burstAlert(event: CanonicalEvent, errors: number, windowMs: number, now: number): LiveAlert {
  return {
    id: `error_burst:${event.teamId}/${event.sessionId}`,
    kind: 'error_burst',
    active: true,
    severity: 'high',
    message: `${errors} errors within ${Math.round(windowMs / 1000)} s in session ${event.sessionId}`,
    ...owner(event),
    ts: now,
    errors,
    windowMs,
  };
}

function rateAlert(event: CanonicalEvent, errors: number, events: number, percent: number, threshold: number, active: boolean): LiveAlert {
  const rounded = Math.round(percent * 10) / 10;
  return {
    id: `error_rate:${event.teamId}/${event.sessionId}`,
    kind: 'error_rate',
    active,
    severity: 'high',
    message: active
      ? `${errors} of the last ${events} events of session ${event.sessionId} failed (${rounded}% ≥ ${threshold}%)`
      : `error rate of session ${event.sessionId} back under ${threshold}% (${rounded}%)`,
    ...owner(event),
    errors,
    events,
    percent: rounded,
    threshold,
  };
}

function slowAlert(event: CanonicalEvent, service: string, durationMs: number, thresholdMs: number, now: number): LiveAlert {
  const what = event.mcpServer ? `MCP server ${service}` : `tool ${service}`;
  return {
    id: `slow_service:${event.teamId}/${event.sessionId}/${service}`,
    kind: 'slow_service',
    active: true,
    severity: 'warning',
    message: `${what} took ${(durationMs / 1000).toFixed(1)} s in session ${event.sessionId} (≥ ${(thresholdMs / 1000).toFixed(1)} s)`,
    ...owner(event),
    ts: now,
    service,
    durationMs,
    thresholdMs,
  };
}
