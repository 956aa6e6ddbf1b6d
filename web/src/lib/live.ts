import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { apiGet, type Params } from './api';

/**
 * The live client for `GET /api/v1/live` (docs/live.md): channel subscriptions with filters,
 * snapshot → event/update frames, the last seq per subscription, reconnect with backoff and resume
 * (`resumeFrom` + `instance`: no gaps, no duplicates), heartbeats. When the socket cannot connect
 * (or fails MAX_FAILURES times in a row) it polls the REST API instead, every POLL_MS, and keeps
 * trying the socket in the background; subscribers get the same callbacks either way.
 */
export type LiveChannel = 'events' | 'sessions' | 'metrics' | 'alerts' | 'insights';
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'polling';

export interface LiveFilters {
  sessionId?: string | string[];
  project?: string | string[];
  kind?: string | string[];
  level?: string | string[];
  model?: string | string[];
}

export interface LiveHandlers {
  /** the state to start from: a fresh subscription, a resume_gap, or every poll of an aggregate channel */
  onSnapshot?: (data: unknown, info: { polled: boolean }) => void;
  /** events channel: one event (a canonical event, or a light REST row while polling) */
  onEvent?: (event: LiveEvent) => void;
  /** aggregate channels: sessions / metrics / alerts updates */
  onUpdate?: (data: unknown) => void;
}

/** The fields of an event the pages use: canonical events (socket) and REST rows (polling) both have them. */
export interface LiveEvent {
  id: string;
  ts: number;
  kind: string;
  sessionId: string;
  project?: string | null;
  agent?: string;
  model?: string | null;
  level?: string | null;
  text?: string | null;
  toolName?: string | null;
  status?: string | null;
  durationMs?: number | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  cacheReadTokens?: number | null;
  cacheCreationTokens?: number | null;
  costUsd?: number | null;
}

export interface MetricsFigures {
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

export interface LiveAlert {
  id: string;
  kind: 'context_window' | 'error_burst' | 'error_rate' | 'slow_service';
  active: boolean;
  severity: 'warning' | 'high' | 'critical';
  message: string;
  ts: number;
  sessionId: string;
  project: string | null;
  model: string | null;
  percent?: number;
  threshold?: number;
  contextTokens?: number;
  contextWindow?: number;
  errors?: number;
}

interface Subscription {
  id: string;
  channel: LiveChannel;
  filters: LiveFilters;
  snapshotLimit?: number;
  handlers: LiveHandlers;
  /** highest seq seen for this subscription; null until its snapshot arrived */
  lastSeq: number | null;
  /** polling: ids already handed out (events), newest first */
  seen: string[];
  polledOnce: boolean;
}

export const MAX_FAILURES = 3;
export const POLL_MS = 3000;
const BACKOFF_MS = [300, 800, 1600, 3000, 5000, 10_000];
/** while polling, the socket is tried again this often */
const RETRY_SOCKET_MS = 20_000;
const EVENTS_SEEN_MAX = 2000;

export interface LiveClientOptions {
  url?: string;
  pollMs?: number;
  maxFailures?: number;
}

export class LiveClient {
  private socket: WebSocket | null = null;
  private readonly subs = new Map<string, Subscription>();
  private stateValue: ConnectionState = 'connecting';
  private readonly listeners = new Set<() => void>();
  private instance: string | null = null;
  private failures = 0;
  private gotHello = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private heartbeatMs = 15_000;
  private closed = false;
  private counter = 0;
  private readonly pollMs: number;
  private readonly maxFailures: number;

  constructor(private readonly options: LiveClientOptions = {}) {
    this.pollMs = options.pollMs ?? POLL_MS;
    this.maxFailures = options.maxFailures ?? MAX_FAILURES;
    this.connect();
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** For useSyncExternalStore. */
  onState = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Subscribe to a channel; returns the unsubscribe function. */
  subscribe(channel: LiveChannel, filters: LiveFilters, handlers: LiveHandlers, opts: { snapshotLimit?: number } = {}): () => void {
    const id = `${channel}-${++this.counter}`;
    const sub: Subscription = { id, channel, filters: clean(filters), snapshotLimit: opts.snapshotLimit, handlers, lastSeq: null, seen: [], polledOnce: false };
    this.subs.set(id, sub);
    if (this.stateValue === 'live') this.sendSubscribe(sub);
    else if (this.stateValue === 'polling') void this.pollOne(sub);
    return () => {
      this.subs.delete(id);
      if (this.stateValue === 'live') this.send({ type: 'unsubscribe', id });
    };
  }

  close(): void {
    this.closed = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    this.listeners.clear();
  }

  // ---- socket ----

  private connect(): void {
    if (this.closed) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url ?? defaultUrl());
    } catch {
      // no WebSocket at all (blocked, old proxy): poll
      this.startPolling();
      return;
    }
    this.socket = socket;
    this.gotHello = false;
    socket.onmessage = (message) => this.onFrame(socket, message.data);
    socket.onclose = () => this.onClose(socket);
    socket.onerror = () => undefined; // onclose follows
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (this.closed) return;
    if (!this.gotHello) this.failures++;
    if (this.stateValue === 'polling') {
      this.retryTimer = setTimeout(() => this.connect(), RETRY_SOCKET_MS);
      return;
    }
    if (this.failures >= this.maxFailures) {
      this.startPolling();
      return;
    }
    this.setState(this.stateValue === 'connecting' && !this.gotHello ? 'connecting' : 'reconnecting');
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)] * (0.75 + Math.random() * 0.5);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private onFrame(socket: WebSocket, raw: unknown): void {
    if (socket !== this.socket || typeof raw !== 'string') return;
    let frame: Frame;
    try {
      frame = JSON.parse(raw) as Frame;
    } catch {
      return;
    }
    this.lastFrameAt = Date.now();
    switch (frame.type) {
      case 'hello':
        this.onHello(frame);
        return;
      case 'heartbeat':
        if (typeof frame.seq === 'number') for (const sub of this.subs.values()) if (sub.lastSeq !== null) sub.lastSeq = Math.max(sub.lastSeq, frame.seq);
        return;
      case 'snapshot': {
        const sub = this.subs.get(String(frame.sub));
        if (!sub) return;
        sub.lastSeq = frame.seq;
        sub.handlers.onSnapshot?.(frame.data, { polled: false });
        return;
      }
      case 'event':
      case 'update': {
        const sub = this.subs.get(String(frame.sub));
        // replayed and live frames never repeat a seq; anything at or below the last one is a duplicate
        if (!sub || sub.lastSeq === null || frame.seq <= sub.lastSeq) return;
        sub.lastSeq = frame.seq;
        if (frame.type === 'event') sub.handlers.onEvent?.(frame.data as LiveEvent);
        else sub.handlers.onUpdate?.(frame.data);
        return;
      }
      case 'subscribed': {
        const sub = this.subs.get(String(frame.sub));
        if (sub && sub.lastSeq !== null) sub.lastSeq = Math.max(sub.lastSeq, frame.seq);
        return;
      }
      case 'error':
        // resume_gap: a fresh snapshot follows; snapshot_failed: the subscription is gone, subscribe again
        if (frame.code === 'resume_gap' && frame.sub !== undefined) {
          const sub = this.subs.get(String(frame.sub));
          if (sub) sub.lastSeq = null;
        } else if (frame.code === 'snapshot_failed' && frame.sub !== undefined) {
          const sub = this.subs.get(String(frame.sub));
          if (sub) setTimeout(() => this.subs.has(sub.id) && this.stateValue === 'live' && this.sendSubscribe(sub), 2000);
        }
        return;
      default:
        return;
    }
  }

  private onHello(frame: Extract<Frame, { type: 'hello' }>): void {
    const sameInstance = this.instance === frame.instance;
    this.instance = frame.instance;
    this.gotHello = true;
    this.failures = 0;
    this.heartbeatMs = frame.heartbeatMs || 15_000;
    const wasPolling = this.stateValue === 'polling';
    this.stopPolling();
    this.setState('live');
    for (const sub of this.subs.values()) {
      // after polling the REST rows are not seq-numbered: start from a fresh snapshot
      if (!sameInstance || wasPolling) sub.lastSeq = null;
      this.sendSubscribe(sub);
    }
    // a silent socket (a proxy dropped it without closing) is noticed: two missed heartbeats → reconnect
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastFrameAt > this.heartbeatMs * 2 + 5000) this.socket?.close(4000, 'heartbeat missed');
    }, 5000);
  }

  private sendSubscribe(sub: Subscription): void {
    const frame: Record<string, unknown> = { type: 'subscribe', id: sub.id, channel: sub.channel, filters: sub.filters };
    if (sub.snapshotLimit !== undefined) frame.snapshotLimit = sub.snapshotLimit;
    if (sub.lastSeq !== null && this.instance) {
      frame.resumeFrom = sub.lastSeq;
      frame.instance = this.instance;
    }
    this.send(frame);
  }

  private send(frame: Record<string, unknown>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setState(state: ConnectionState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    for (const listener of [...this.listeners]) listener();
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = this.pollTimer = this.pingTimer = null;
  }

  // ---- polling fallback ----

  private startPolling(): void {
    if (this.closed) return;
    this.setState('polling');
    for (const sub of this.subs.values()) {
      sub.lastSeq = null;
      sub.polledOnce = false;
      sub.seen = [];
    }
    const tick = async () => {
      if (this.stateValue !== 'polling' || this.closed) return;
      await Promise.all([...this.subs.values()].map((sub) => this.pollOne(sub)));
      if (this.stateValue === 'polling' && !this.closed) this.pollTimer = setTimeout(tick, this.pollMs);
    };
    void tick();
    if (!this.socket && !this.retryTimer) this.retryTimer = setTimeout(() => this.connect(), RETRY_SOCKET_MS);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private async pollOne(sub: Subscription): Promise<void> {
    try {
      switch (sub.channel) {
        case 'events':
          return await this.pollEvents(sub);
        case 'sessions': {
          const sessions = await pollSessions(sub.filters);
          if (this.subs.has(sub.id)) sub.handlers.onSnapshot?.({ sessions }, { polled: true });
          return;
        }
        case 'metrics': {
          const current = await pollMetrics(sub.filters);
          if (!this.subs.has(sub.id)) return;
          if (!sub.polledOnce) sub.handlers.onSnapshot?.({ current, minutes: [] }, { polled: true });
          else sub.handlers.onUpdate?.(current);
          sub.polledOnce = true;
          return;
        }
        case 'alerts': {
          const alerts = (await pollSessions(sub.filters)).flatMap(contextAlertOf);
          if (this.subs.has(sub.id)) sub.handlers.onSnapshot?.({ alerts }, { polled: true });
          return;
        }
        case 'insights': {
          const page = await apiGet<{ items: unknown[] }>('/insights', { limit: 20 });
          if (this.subs.has(sub.id)) sub.handlers.onSnapshot?.({ insights: page.items }, { polled: true });
          return;
        }
      }
    } catch {
      // the next poll tries again; the page shows what it has
    }
  }

  private async pollEvents(sub: Subscription): Promise<void> {
    const limit = Math.min(200, Math.max(1, sub.snapshotLimit ?? 100));
    const page = await apiGet<{ items: LiveEvent[] }>('/events', { ...restFilters(sub.filters), limit, from: Date.now() - 7 * 86_400_000, to: Date.now() + 60_000 });
    if (!this.subs.has(sub.id)) return;
    if (!sub.polledOnce) {
      sub.polledOnce = true;
      sub.seen = page.items.map((e) => e.id);
      sub.handlers.onSnapshot?.({ events: [...page.items].reverse() }, { polled: true });
      return;
    }
    const known = new Set(sub.seen);
    const fresh = page.items.filter((e) => !known.has(e.id));
    sub.seen = [...fresh.map((e) => e.id), ...sub.seen].slice(0, EVENTS_SEEN_MAX);
    for (const event of fresh.reverse()) sub.handlers.onEvent?.(event);
  }
}

type Frame =
  | { type: 'hello'; instance: string; seq: number; heartbeatMs: number; ts: number }
  | { type: 'heartbeat'; seq?: number; ts: number }
  | { type: 'snapshot'; sub: string | number; seq: number; data: unknown }
  | { type: 'event'; sub: string | number; seq: number; data: unknown }
  | { type: 'update'; sub: string | number; seq: number; data: unknown }
  | { type: 'subscribed'; sub: string | number; seq: number; replayed: number }
  | { type: 'unsubscribed'; sub: string | number }
  | { type: 'pong'; seq: number; ts: number }
  | { type: 'error'; code: string; message: string; sub?: string | number };

function defaultUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
}

function clean(filters: LiveFilters): LiveFilters {
  const out: LiveFilters = {};
  for (const [key, value] of Object.entries(filters) as Array<[keyof LiveFilters, string | string[] | undefined]>) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out;
}

const list = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value.join(',') : value);

/** Live filters as REST query parameters (the REST API takes one project/session/model). */
function restFilters(filters: LiveFilters): Params {
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return { session: one(filters.sessionId), project: one(filters.project), model: one(filters.model), kind: list(filters.kind), level: list(filters.level) };
}

/** A session as the REST list returns it (a superset of what the live page needs). */
export interface SessionItem {
  sessionId: string;
  title: string | null;
  project: string | null;
  agent: string;
  userId?: string;
  firstTs: number;
  lastTs: number;
  status?: 'active' | 'idle' | 'ended';
  ended?: boolean;
  lastModel: string | null;
  models?: string[];
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  costUsd: number;
  errors?: number;
  toolCalls?: number;
  /** REST */
  contextTokens?: number;
  contextWindow?: number;
  contextPct?: number;
  /** live roll-up */
  lastContextTokens?: number;
  demo?: boolean;
}

/** Sessions with activity in the last 30 minutes (active and idle ones), most recent first. */
async function pollSessions(filters: LiveFilters): Promise<SessionItem[]> {
  const now = Date.now();
  const page = await apiGet<{ items: SessionItem[] }>('/sessions', { ...restFilters(filters), kind: undefined, level: undefined, from: now - 30 * 60_000, to: now + 60_000, limit: 100 });
  return page.items;
}

/** Polling stands in for the metrics window: the events of the last 10 s (event time), summed. */
async function pollMetrics(filters: LiveFilters): Promise<MetricsFigures> {
  const now = Date.now();
  const windowMs = 10_000;
  const page = await apiGet<{ items: LiveEvent[] }>('/events', { ...restFilters(filters), from: now - windowMs, to: now + 1000, limit: 1000 });
  let tokens = 0;
  let costUsd = 0;
  let errors = 0;
  for (const e of page.items) {
    tokens += (e.inputTokens ?? 0) + (e.outputTokens ?? 0) + (e.cacheReadTokens ?? 0) + (e.cacheCreationTokens ?? 0);
    costUsd += e.costUsd ?? 0;
    if (isErrorEvent(e)) errors++;
  }
  const seconds = windowMs / 1000;
  const events = page.items.length;
  return { ts: now, windowMs, events, tokens, costUsd, errors, eventsPerSec: events / seconds, tokensPerSec: tokens / seconds, costPerSec: costUsd / seconds, errorsPerSec: errors / seconds };
}

/** As the server counts errors: kind error/api_error, level error, or a failed tool call. */
export function isErrorEvent(e: Pick<LiveEvent, 'kind' | 'level' | 'status'>): boolean {
  return e.kind === 'error' || e.kind === 'api_error' || e.level === 'error' || (e.kind === 'tool_call' && e.status === 'error');
}

/** The context_window alert a polled session would have (the socket's alerts channel computes the same). */
function contextAlertOf(s: SessionItem): LiveAlert[] {
  const pct = s.contextPct ?? 0;
  if (s.status === 'ended' || pct < 80) return [];
  const threshold = pct >= 95 ? 95 : pct >= 90 ? 90 : 80;
  const severity = threshold === 95 ? 'critical' : threshold === 90 ? 'high' : 'warning';
  return [
    {
      id: `context_window:${s.sessionId}`,
      kind: 'context_window',
      active: true,
      severity,
      message: `context window of session ${s.sessionId} at ${Math.round(pct)}% of ${(s.contextWindow ?? 0).toLocaleString('en-US')} tokens (≥ ${threshold}%)`,
      ts: s.lastTs,
      sessionId: s.sessionId,
      project: s.project,
      model: s.lastModel,
      percent: pct,
      threshold,
      contextTokens: s.contextTokens,
      contextWindow: s.contextWindow,
    },
  ];
}

// ---- React ----

let shared: LiveClient | null = null;
let users = 0;

/** One client per page load, shared by the components that use it; closed when the last one unmounts. */
export function useLiveClient(): LiveClient {
  const [client] = useState(() => {
    if (!shared) shared = new LiveClient();
    return shared;
  });
  useEffect(() => {
    users++;
    return () => {
      users--;
      // a remount (StrictMode, navigation back) within the same tick keeps the connection
      setTimeout(() => {
        if (users === 0 && shared) {
          shared.close();
          shared = null;
        }
      }, 0);
    };
  }, []);
  return shared ?? client;
}

export function useConnectionState(client: LiveClient): ConnectionState {
  return useSyncExternalStore(client.onState, () => client.state);
}

/**
 * Subscribe while mounted (and while `enabled`); handlers may change between renders without
 * resubscribing. `key` (the filters) resubscribes when it changes.
 */
export function useLiveSubscription(client: LiveClient, channel: LiveChannel, filters: LiveFilters, handlers: LiveHandlers, opts: { enabled?: boolean; snapshotLimit?: number } = {}): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  const key = JSON.stringify(filters);
  const enabled = opts.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    return client.subscribe(
      channel,
      JSON.parse(key) as LiveFilters,
      {
        onSnapshot: (data, info) => latest.current.onSnapshot?.(data, info),
        onEvent: (event) => latest.current.onEvent?.(event),
        onUpdate: (data) => latest.current.onUpdate?.(data),
      },
      { snapshotLimit: opts.snapshotLimit },
    );
  }, [client, channel, key, enabled, opts.snapshotLimit]);
}

/** A clock for "5s ago" labels: re-renders every `ms`. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
