import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PageProps } from '../../routes';
import { DemoBadge } from '../../components/DemoBadge';
import { DemoOffer } from '../../components/DemoOffer';
import { Gauge } from '../../components/Gauge';
import { EmptyState, Panel, Skeleton } from '../../components/Panel';
import { StatusBadge } from '../../components/StatusBadge';
import { Tabs } from '../../components/Tabs';
import { TimeChart } from '../../components/TimeChart';
import { apiGet } from '../../lib/api';
import { fmtCompact, fmtDuration, fmtInt, fmtRelative, fmtUsd } from '../../lib/format';
import {
  POLL_MS,
  isErrorEvent,
  useConnectionState,
  useLiveClient,
  useLiveSubscription,
  useNow,
  type ConnectionState,
  type LiveAlert,
  type LiveEvent,
  type LiveFilters,
  type MetricsFigures,
  type SessionItem,
} from '../../lib/live';
import { Link, useQueryParams } from '../../lib/router';
import './live.css';

const STREAM_MAX = 200;
const ACTIVE_MS = 5 * 60_000;
const IDLE_MS = 30 * 60_000;
const CHART_MS = 15 * 60_000;

/** What the event stream shows: `show` in the URL. */
const STREAM_FILTERS: Array<{ id: string; label: string; filters: LiveFilters }> = [
  { id: 'all', label: 'All events', filters: {} },
  { id: 'errors', label: 'Errors and retries', filters: { kind: ['error', 'api_error'] } },
  { id: 'llm', label: 'Model calls', filters: { kind: 'llm_call' } },
  { id: 'tools', label: 'Tool calls', filters: { kind: 'tool_call' } },
  { id: 'prompts', label: 'Prompts', filters: { kind: 'prompt' } },
  { id: 'logs', label: 'Logs', filters: { kind: ['log', 'error', 'api_error'] } },
];

/** What each alert kind is called in the list (src/live/alerts.ts raises them). */
const ALERT_LABELS: Record<LiveAlert['kind'], string> = {
  context_window: 'Context window',
  error_burst: 'Error burst',
  error_rate: 'Error rate',
  slow_service: 'Slow service',
};

const METRICS = [
  { id: 'tokens', label: 'Tokens/s', key: 'tokensPerSec', format: (v: number) => fmtCompact(Math.round(v)), total: (m: MetricsFigures) => `${fmtInt(m.tokens)} tokens` },
  { id: 'events', label: 'Events/s', key: 'eventsPerSec', format: (v: number) => v.toFixed(v < 10 ? 2 : 1), total: (m: MetricsFigures) => `${fmtInt(m.events)} ${m.events === 1 ? 'event' : 'events'}` },
  { id: 'cost', label: 'Cost/s', key: 'costPerSec', format: (v: number) => fmtUsd(v), total: (m: MetricsFigures) => fmtUsd(m.costUsd) },
] as const;

interface Minute {
  minute: number;
  events: number;
  tokens: number;
  costUsd: number;
  errors: number;
}

export default function LivePage(_props: PageProps) {
  const client = useLiveClient();
  const state = useConnectionState(client);
  const [search, setParams] = useQueryParams();
  const show = STREAM_FILTERS.find((f) => f.id === search.get('show')) ?? STREAM_FILTERS[0];
  const metric = METRICS.find((m) => m.id === search.get('metric')) ?? METRICS[0];
  const now = useNow(1000);

  // ---- sessions: live roll-ups, completed with the REST list (context windows, demo flags) ----
  const [liveSessions, setLiveSessions] = useState<Map<string, SessionItem> | null>(null);
  const [restSessions, setRestSessions] = useState<Map<string, SessionItem>>(new Map());
  const [restTick, setRestTick] = useState(0);
  useLiveSubscription(client, 'sessions', {}, {
    onSnapshot: (data) => setLiveSessions(new Map(((data as { sessions: SessionItem[] }).sessions ?? []).map((s) => [s.sessionId, s]))),
    onUpdate: (data) =>
      setLiveSessions((previous) => {
        const next = new Map(previous ?? []);
        for (const s of (data as { sessions: SessionItem[] }).sessions ?? []) next.set(s.sessionId, { ...next.get(s.sessionId), ...s });
        return next;
      }),
  });
  useEffect(() => {
    let cancelled = false;
    const t = Date.now();
    apiGet<{ items: SessionItem[] }>('/sessions', { from: t - IDLE_MS, to: t + 60_000, limit: 100 }).then(
      (page) => !cancelled && setRestSessions(new Map(page.items.map((s) => [s.sessionId, s]))),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [restTick]);
  // refetch when a session appears that the REST list does not know yet, and every 30 s
  const unknown = liveSessions ? [...liveSessions.keys()].filter((id) => !restSessions.has(id) && now - (liveSessions.get(id)?.lastTs ?? 0) < IDLE_MS).join(',') : '';
  useEffect(() => {
    if (!unknown) return;
    const timer = setTimeout(() => setRestTick((n) => n + 1), 1000);
    return () => clearTimeout(timer);
  }, [unknown]);
  useEffect(() => {
    const timer = setInterval(() => setRestTick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const cards = useMemo(() => mergeSessions(liveSessions, restSessions, now), [liveSessions, restSessions, now]);

  // ---- event stream ----
  const [events, setEvents] = useState<LiveEvent[] | null>(null);
  const [flashing, setFlashing] = useState<Set<string>>(new Set());
  const [arrivals, setArrivals] = useState(0);
  useLiveSubscription(
    client,
    'events',
    show.filters,
    {
      onSnapshot: (data) => {
        setEvents([...((data as { events: LiveEvent[] }).events ?? [])].reverse().slice(0, STREAM_MAX));
        setFlashing(new Set());
      },
      onEvent: (event) => {
        setEvents((previous) => [event, ...(previous ?? []).filter((e) => e.id !== event.id)].slice(0, STREAM_MAX));
        setArrivals((n) => n + 1);
        if (isErrorEvent(event)) {
          setFlashing((previous) => new Set(previous).add(event.id));
          setTimeout(() => setFlashing((previous) => {
            const next = new Set(previous);
            next.delete(event.id);
            return next;
          }), 2500);
        }
      },
    },
    { snapshotLimit: 50 },
  );

  // ---- throughput ----
  const [current, setCurrent] = useState<MetricsFigures | null>(null);
  const [points, setPoints] = useState<Array<{ ts: number; figures: Record<string, number> }>>([]);
  useLiveSubscription(client, 'metrics', {}, {
    onSnapshot: (data) => {
      const snapshot = data as { current: MetricsFigures; minutes: Minute[] };
      setCurrent(snapshot.current);
      const history = minuteHistory(snapshot.minutes ?? [], Date.now());
      setPoints((previous) => (history.length ? history : previous).concat(snapshot.current ? [{ ts: snapshot.current.ts ?? Date.now(), figures: figuresOf(snapshot.current) }] : []));
    },
    onUpdate: (data) => {
      const figures = data as MetricsFigures;
      setCurrent(figures);
      setPoints((previous) => [...previous.filter((p) => p.ts > Date.now() - CHART_MS), { ts: figures.ts ?? Date.now(), figures: figuresOf(figures) }].slice(-1000));
    },
  });

  // ---- alerts ----
  const [alerts, setAlerts] = useState<Map<string, LiveAlert> | null>(null);
  useLiveSubscription(client, 'alerts', {}, {
    onSnapshot: (data) => setAlerts(new Map(((data as { alerts: LiveAlert[] }).alerts ?? []).filter((a) => a.active).map((a) => [a.id, a]))),
    onUpdate: (data) =>
      setAlerts((previous) => {
        const next = new Map(previous ?? []);
        for (const alert of (data as { alerts: LiveAlert[] }).alerts ?? []) {
          if (alert.active) next.set(alert.id, alert);
          else next.delete(alert.id);
        }
        return next;
      }),
  });

  const activeCount = cards.filter((c) => c.status === 'active').length;
  return (
    <>
      <div className="live-strip">
        <ConnectionBadge state={state} />
        <span className="muted" data-testid="live-active-count">
          {fmtInt(activeCount)} active · {fmtInt(cards.length - activeCount)} idle
        </span>
        <span className="muted live-arrivals" aria-live="polite">
          {arrivals > 0 ? `${fmtInt(arrivals)} new ${arrivals === 1 ? 'event' : 'events'} since you opened this page` : ''}
        </span>
      </div>

      <div className="grid kpis live-kpis">
        {METRICS.map((m) => (
          <div key={m.id} className="panel kpi" data-testid={`throughput-${m.id}`}>
            <div className="kpi-label">{m.label}</div>
            <div className="kpi-value">{current ? m.format(current[m.key]) : '–'}</div>
            <div className="delta flat">{current ? `${m.total(current)} in ${Math.round((current.windowMs ?? 10_000) / 1000)} s` : 'waiting for data'}</div>
          </div>
        ))}
        <div className="panel kpi" data-testid="throughput-errors">
          <div className="kpi-label">Errors/s</div>
          <div className="kpi-value">{current ? current.errorsPerSec.toFixed(2) : '–'}</div>
          <div className="delta flat">{current ? `${fmtInt(current.errors)} ${current.errors === 1 ? 'error' : 'errors'} in ${Math.round((current.windowMs ?? 10_000) / 1000)} s` : 'waiting for data'}</div>
        </div>
      </div>

      <Panel title={`Active sessions`} id="live-sessions" note="Sessions with an event in the last 30 minutes; active = the last 5. Context bars turn amber at 80 %, orange at 90 %, red at 95 %.">
        {liveSessions === null ? (
          <Skeleton height={110} count={2} />
        ) : cards.length === 0 ? (
          <NothingActive />
        ) : (
          <ul className="session-cards" aria-label="Active sessions">
            {cards.map((card) => (
              <SessionCard key={card.sessionId} card={card} now={now} />
            ))}
          </ul>
        )}
      </Panel>

      <div className="live-columns">
        <Panel
          title="Event stream"
          id="live-stream"
          actions={
            <label className="field">
              Show
              <select className="input" value={show.id} onChange={(e) => setParams({ show: e.target.value === 'all' ? undefined : e.target.value })} data-testid="stream-filter">
                {STREAM_FILTERS.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.label}
                  </option>
                ))}
              </select>
            </label>
          }
          note={`Newest on top; the latest ${STREAM_MAX} are kept.`}
        >
          {events === null ? (
            <Skeleton count={6} />
          ) : events.length === 0 ? (
            <EmptyState title="No events yet">Events appear here the moment Sightline stores them.</EmptyState>
          ) : (
            <ol className="event-stream" aria-label="Live events, newest first" data-testid="event-stream">
              {events.map((event) => (
                <EventRow key={event.id} event={event} flash={flashing.has(event.id)} />
              ))}
            </ol>
          )}
        </Panel>

        <div className="live-side">
          <Panel title="Throughput" id="live-throughput" note="Last 15 minutes: per-minute averages, then the live 10-second window.">
            <Tabs tabs={METRICS.map((m) => ({ id: m.id, label: m.label }))} selected={metric.id} onSelect={(id) => setParams({ metric: id === 'tokens' ? undefined : id })} label="Throughput metric" />
            <div role="tabpanel" id={`panel-${metric.id}`} aria-labelledby={`tab-${metric.id}`}>
              <ThroughputChart points={points} metricKey={metric.key} label={metric.label} format={metric.format} />
            </div>
          </Panel>
          <Panel title="Alerts" id="live-alerts" note="Context window, error bursts (5 errors within a minute), error rate and slow tools, at the team’s thresholds (Settings → Alerts).">
            {alerts === null ? (
              <Skeleton count={2} />
            ) : alerts.size === 0 ? (
              <p className="muted" data-testid="no-alerts">
                No active alerts.
              </p>
            ) : (
              <ul className="alert-list" data-testid="alerts">
                {[...alerts.values()]
                  .sort((a, b) => b.ts - a.ts)
                  .map((alert) => (
                    <li key={alert.id}>
                      <span className={`badge ${alert.severity === 'warning' ? 'warn' : 'bad'}`}>{alert.severity}</span>
                      <span className="alert-body">
                        <strong>{ALERT_LABELS[alert.kind]}</strong> {alert.message}
                        <br />
                        <Link href={`/sessions/${encodeURIComponent(alert.sessionId)}`} className="mono">
                          {shortId(alert.sessionId)}
                        </Link>{' '}
                        <span className="muted">
                          {alert.project ?? ''} · {fmtRelative(alert.ts, now)}
                        </span>
                      </span>
                    </li>
                  ))}
              </ul>
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}

/** The snapshot's minutes as per-second averages, every one of the last 15 minutes present (zero when quiet). */
function minuteHistory(minutes: Minute[], now: number): Array<{ ts: number; figures: Record<string, number> }> {
  if (minutes.length === 0) return [];
  const byMinute = new Map(minutes.map((m) => [m.minute, m]));
  const last = now - (now % 60_000);
  const out: Array<{ ts: number; figures: Record<string, number> }> = [];
  for (let minute = last - 14 * 60_000; minute <= last; minute += 60_000) {
    const m = byMinute.get(minute);
    out.push({ ts: minute, figures: { tokensPerSec: (m?.tokens ?? 0) / 60, eventsPerSec: (m?.events ?? 0) / 60, costPerSec: (m?.costUsd ?? 0) / 60 } });
  }
  return out;
}

function figuresOf(m: MetricsFigures): Record<string, number> {
  return { tokensPerSec: m.tokensPerSec ?? 0, eventsPerSec: m.eventsPerSec ?? 0, costPerSec: m.costPerSec ?? 0 };
}

function ConnectionBadge({ state }: { state: ConnectionState }) {
  const text: Record<ConnectionState, string> = {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    polling: `Polling every ${POLL_MS / 1000} s`,
  };
  const tone = state === 'live' ? 'ok' : state === 'connecting' ? '' : 'warn';
  const title =
    state === 'polling'
      ? 'The WebSocket cannot connect (a proxy may block it): the page asks the REST API every few seconds instead and keeps trying the socket.'
      : state === 'live'
        ? 'Connected over WebSocket: updates arrive as they are stored.'
        : 'Connecting to the live feed.';
  return (
    <span className={`badge ${tone} live-state`} data-testid="live-state" data-state={state} title={title} role="status">
      <span className={`pulse ${state === 'live' ? 'live' : state === 'connecting' ? 'ended' : 'idle'}`} aria-hidden="true" />
      {text[state]}
    </span>
  );
}

interface Card extends SessionItem {
  status: 'active' | 'idle';
  tokens: number;
  contextTokens: number;
  contextWindow: number;
  contextPct: number;
}

/** Live roll-ups over the REST rows; sessions seen in the last 30 minutes and not ended, most recent first. */
function mergeSessions(live: Map<string, SessionItem> | null, rest: Map<string, SessionItem>, now: number): Card[] {
  const ids = new Set([...(live?.keys() ?? []), ...rest.keys()]);
  const cards: Card[] = [];
  for (const id of ids) {
    const r = rest.get(id);
    const l = live?.get(id);
    const s: SessionItem = { ...r, ...l } as SessionItem;
    if (!s.sessionId) continue;
    const newer = l && r ? (l.lastTs >= r.lastTs ? l : r) : (l ?? r)!;
    const ended = newer.ended ?? newer.status === 'ended';
    const lastTs = Math.max(l?.lastTs ?? 0, r?.lastTs ?? 0);
    if (ended || now - lastTs > IDLE_MS) continue;
    const contextTokens = l?.lastContextTokens ?? l?.contextTokens ?? r?.contextTokens ?? 0;
    const contextWindow = r?.contextWindow ?? l?.contextWindow ?? (contextTokens > 200_000 ? 1_000_000 : 200_000);
    cards.push({
      ...s,
      demo: r?.demo ?? l?.demo,
      lastTs,
      status: now - lastTs <= ACTIVE_MS ? 'active' : 'idle',
      tokens: s.inputTokens + s.outputTokens + s.cacheReadTokens + s.cacheCreationTokens,
      contextTokens,
      contextWindow,
      contextPct: contextWindow ? (contextTokens / contextWindow) * 100 : 0,
    });
  }
  return cards.sort((a, b) => b.lastTs - a.lastTs);
}

function SessionCard({ card, now }: { card: Card; now: number }) {
  const href = `/sessions/${encodeURIComponent(card.sessionId)}`;
  return (
    <li
      className={`session-card ${card.demo ? 'is-demo' : ''}`}
      data-testid="session-card"
      data-session={card.sessionId}
      data-tokens={card.tokens}
      data-cost={card.costUsd}
      data-context-pct={card.contextPct.toFixed(1)}
      data-model={card.lastModel ?? ''}
      data-demo={card.demo ? 'true' : 'false'}
    >
      <div className="session-card-head">
        <StatusBadge status={card.status} />
        <DemoBadge demo={card.demo} />
        <span className="mono muted session-card-id" title={card.sessionId}>
          {shortId(card.sessionId)}
        </span>
      </div>
      <Link href={href} className="session-card-title truncate" title={card.title ?? card.sessionId}>
        {card.title || card.sessionId}
      </Link>
      <dl className="session-facts">
        <div className="wide">
          <dt>Project</dt>
          <dd className="truncate" title={card.project ?? ''}>
            {card.project ?? '–'}
          </dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd className="truncate" title={card.lastModel ?? ''}>
            {card.lastModel ?? '–'}
          </dd>
        </div>
        <div>
          <dt>Last activity</dt>
          <dd data-testid="last-activity" title={new Date(card.lastTs).toLocaleString()}>
            {fmtRelative(card.lastTs, now)}
          </dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd className="num-left">{fmtCompact(card.tokens)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd className="num-left">{fmtUsd(card.costUsd)}</dd>
        </div>
        <div className="wide">
          <dt>Agent · user</dt>
          <dd className="truncate">
            {card.agent} · {card.userId ?? 'local'}
          </dd>
        </div>
      </dl>
      <div className="session-context">
        <span className="muted">Context</span>
        <Gauge pct={card.contextPct} label={`Context window of session ${shortId(card.sessionId)}`} />
        <span className="num">{card.contextPct.toFixed(0)}%</span>
      </div>
    </li>
  );
}

function EventRow({ event, flash }: { event: LiveEvent; flash: boolean }) {
  const error = isErrorEvent(event);
  return (
    <li className={`event-row ${error ? 'is-error' : ''} ${flash ? 'flash' : ''}`} data-kind={event.kind} data-id={event.id}>
      <time className="mono muted" dateTime={new Date(event.ts).toISOString()} title={new Date(event.ts).toLocaleString()}>
        {clockOf(event.ts)}
      </time>
      <span className={`badge kind-${event.kind} ${error ? 'bad' : event.kind === 'llm_call' ? 'accent' : event.kind === 'tool_call' ? 'ok' : ''}`}>{event.kind}</span>
      <span className="event-text">
        <Summary event={event} />
      </span>
      <Link className="mono event-session" href={`/sessions/${encodeURIComponent(event.sessionId)}`} title={`${event.project ?? ''} ${event.sessionId}`}>
        {shortId(event.sessionId)}
      </Link>
    </li>
  );
}

function Summary({ event }: { event: LiveEvent }) {
  switch (event.kind) {
    case 'llm_call': {
      const tokens = (event.inputTokens ?? 0) + (event.outputTokens ?? 0) + (event.cacheReadTokens ?? 0) + (event.cacheCreationTokens ?? 0);
      return (
        <>
          {event.model ?? 'model'} · {fmtCompact(tokens)} tokens{event.costUsd != null ? ` · ${fmtUsd(event.costUsd)}` : ''}
        </>
      );
    }
    case 'tool_call':
      return (
        <>
          <strong>{event.toolName ?? 'tool'}</strong> {event.status ? <span className={event.status === 'error' ? 'text-bad' : 'muted'}>{event.status}</span> : <span className="muted">running</span>}
          {event.durationMs != null ? <span className="muted"> · {fmtDuration(event.durationMs)}</span> : null}
          {event.text ? <span className="muted"> · {clip(event.text, 120)}</span> : null}
        </>
      );
    default:
      return (
        <>
          {event.level ? <span className={`level level-${event.level}`}>{event.level.toUpperCase()}</span> : null} {clip(event.text ?? '', 200) || <span className="muted">{event.kind}</span>}
        </>
      );
  }
}

function ThroughputChart({ points, metricKey, label, format }: { points: Array<{ ts: number; figures: Record<string, number> }>; metricKey: string; label: string; format: (v: number) => string }) {
  // the chart is rebuilt at most every 2 s, not on every update
  const shown = useThrottled(points, 2000);
  const x = useMemo(() => shown.map((p) => p.ts), [shown]);
  const series = useMemo(() => [{ label, values: shown.map((p) => p.figures[metricKey] ?? 0) }], [shown, metricKey, label]);
  const fmt = useCallback((v: number) => format(v), [format]);
  if (shown.length < 2) return <p className="muted">Waiting for data: the chart fills in as events arrive.</p>;
  return <TimeChart x={x} series={series} kind="area" height={170} format={fmt} label={`${label} over the last 15 minutes`} />;
}

/** `value`, but updated at most every `ms` (the first value shows at once). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    const timer = setInterval(() => setShown(latest.current), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return shown === value || (Array.isArray(shown) && shown.length < 2) ? value : shown;
}

function NothingActive() {
  return (
    <EmptyState title="No session is active right now">
      <p>Sessions show up here while an agent works. Sightline follows Claude Code three ways; any one is enough:</p>
      <ol className="setup-steps">
        <li>
          Transcripts: <code>sightline serve</code> already watches <code>~/.claude/projects</code>: start <code>claude</code> in a project and this page fills in as it writes.
        </li>
        <li>
          Hooks (tool calls and prompts the moment they happen): <code>npx sightline hooks install</code>
        </li>
        <li>
          OpenTelemetry: start Claude Code with
          <pre>{`export CLAUDE_CODE_ENABLE_TELEMETRY=1
export OTEL_LOGS_EXPORTER=otlp OTEL_METRICS_EXPORTER=otlp
export OTEL_EXPORTER_OTLP_PROTOCOL=http/json
export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:7317
export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer $(cat ~/.sightline/token)"`}</pre>
        </li>
      </ol>
      <DemoOffer message="Or look around with demo data: generated sessions over two weeks, the newest one still running." />
    </EmptyState>
  );
}

/** 14:03:07 today, `Nov 28 14:03` on another day. */
function clockOf(ts: number): string {
  const date = new Date(ts);
  if (date.toDateString() === new Date().toDateString()) return date.toLocaleTimeString('en-US', { hour12: false });
  return date.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
