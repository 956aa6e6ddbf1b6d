import type { CanonicalEvent } from '../core/event.js';
import { contextWindow, defaultPriceTable, type PriceTable } from '../core/pricing/index.js';
import { isErrorEvent } from './metrics-window.js';

export const CONTEXT_THRESHOLDS = [95, 90, 80] as const;
export type ContextThreshold = (typeof CONTEXT_THRESHOLDS)[number];

/** One alert; `active: false` is sent once when it clears. */
export interface LiveAlert {
  /** `context_window:<teamId>/<sessionId>` or `error_burst:<teamId>/<sessionId>`: an update replaces the alert with the same id */
  id: string;
  kind: 'context_window' | 'error_burst';
  active: boolean;
  severity: 'warning' | 'high' | 'critical';
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
  percent?: number;
  threshold?: ContextThreshold;
  /** error_burst: errors seen within windowMs */
  errors?: number;
  windowMs?: number;
}

export interface AlertRules {
  /** errors within burstWindowMs that make a burst (default 5 in 60 s) */
  burstErrors: number;
  burstWindowMs: number;
  /** a burst alert clears after this long without errors (default 5 min) */
  burstClearMs: number;
  /** events older than this (by their own time) raise nothing: a catch-up import is history, not news */
  recentMs: number;
  /** sessions tracked at most; the least recently seen are forgotten */
  maxSessions: number;
}

export const DEFAULT_ALERT_RULES: AlertRules = {
  burstErrors: 5,
  burstWindowMs: 60_000,
  burstClearMs: 5 * 60_000,
  recentMs: 30 * 60_000,
  maxSessions: 10_000,
};

interface SessionAlertState {
  context?: LiveAlert;
  burst?: LiveAlert;
  errorTimes: number[];
}

export const SEVERITY: Record<ContextThreshold, LiveAlert['severity']> = { 80: 'warning', 90: 'high', 95: 'critical' };

/** The highest threshold reached, or null below 80%. */
export function contextThreshold(percent: number): ContextThreshold | null {
  return CONTEXT_THRESHOLDS.find((t) => percent >= t) ?? null;
}

/**
 * Watches the live stream for context-window pressure (latest main-conversation model call against the
 * model's window, at 80/90/95%) and error bursts per session; reports alerts as they change.
 */
export class AlertTracker {
  private sessions = new Map<string, SessionAlertState>();

  constructor(
    private readonly rules: AlertRules = DEFAULT_ALERT_RULES,
    private readonly prices: PriceTable = defaultPriceTable(),
  ) {}

  /** Alerts raised, changed or cleared by these events. */
  observe(events: readonly CanonicalEvent[], now = Date.now()): LiveAlert[] {
    const changed = new Map<string, LiveAlert>();
    for (const event of events) {
      if (event.ts < now - this.rules.recentMs) continue;
      if (event.kind === 'llm_call' && !event.isSidechain && event.model) this.observeContext(event, changed);
      if (isErrorEvent(event)) this.observeError(event, now, changed);
    }
    return [...changed.values()];
  }

  /** Burst alerts whose errors have died down, cleared. */
  expire(now = Date.now()): LiveAlert[] {
    const cleared: LiveAlert[] = [];
    for (const [key, state] of this.sessions) {
      const burst = state.burst;
      if (!burst?.active || now - (state.errorTimes.at(-1) ?? 0) < this.rules.burstClearMs) continue;
      state.burst = undefined;
      cleared.push({ ...burst, active: false, ts: now, message: `errors in session ${burst.sessionId} have stopped` });
      if (!state.context) this.sessions.delete(key);
    }
    return cleared;
  }

  active(): LiveAlert[] {
    const out: LiveAlert[] = [];
    for (const state of this.sessions.values()) {
      if (state.context?.active) out.push(state.context);
      if (state.burst?.active) out.push(state.burst);
    }
    return out;
  }

  private observeContext(event: CanonicalEvent, changed: Map<string, LiveAlert>): void {
    const state = this.state(event);
    const tokens = (event.inputTokens ?? 0) + (event.cacheReadTokens ?? 0) + (event.cacheCreationTokens ?? 0);
    const window = contextWindow(this.prices, event.model!);
    const percent = (tokens / window) * 100;
    const threshold = contextThreshold(percent);
    if ((state.context?.threshold ?? null) === threshold) return;
    const alert = contextAlert(event, tokens, window, percent, threshold);
    state.context = threshold === null ? undefined : alert;
    changed.set(alert.id, alert); // raised, moved to another threshold, or cleared
  }

  private observeError(event: CanonicalEvent, now: number, changed: Map<string, LiveAlert>): void {
    const state = this.state(event);
    state.errorTimes.push(now);
    while (state.errorTimes.length && state.errorTimes[0] < now - this.rules.burstWindowMs) state.errorTimes.shift();
    if (state.errorTimes.length < this.rules.burstErrors) return;
    const errors = state.errorTimes.length;
    // raise once, then update at most when the count has doubled: a burst is news, each error in it is not
    if (state.burst?.active && errors < (state.burst.errors ?? 0) * 2) return;
    state.burst = burstAlert(event, errors, this.rules.burstWindowMs, now);
    changed.set(state.burst.id, state.burst);
  }

  private state(event: CanonicalEvent): SessionAlertState {
    const key = `${event.teamId}/${event.sessionId}`;
    let state = this.sessions.get(key);
    if (state) this.sessions.delete(key);
    else state = { errorTimes: [] };
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

export function contextAlert(
  event: AlertSubject,
  tokens: number,
  window: number,
  percent: number,
  threshold: ContextThreshold | null,
): LiveAlert {
  const rounded = Math.round(percent * 10) / 10;
  return {
    id: `context_window:${event.teamId}/${event.sessionId}`,
    kind: 'context_window',
    active: threshold !== null,
    severity: threshold === null ? 'warning' : SEVERITY[threshold],
    message:
      threshold === null
        ? `context window of session ${event.sessionId} back under 80% (${rounded}%)`
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
