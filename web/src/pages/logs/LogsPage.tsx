import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PageProps } from '../../routes';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportLinks } from '../../components/ExportLinks';
import { Pager } from '../../components/Pager';
import { EmptyState, ErrorNotice, Panel, Skeleton } from '../../components/Panel';
import { fmtInt, fmtTime } from '../../lib/format';
import { useConnectionState, useLiveClient, useLiveSubscription, type ConnectionState, type LiveEvent } from '../../lib/live';
import { Link, useQueryParams } from '../../lib/router';
import { useRefresh } from '../../lib/refresh';
import { useTimeRange } from '../../lib/time-range';
import { useApi } from '../../lib/use-api';
import { useCursorList } from '../../lib/use-cursor-list';
import './logs.css';

/** The API's levels, shown the way log viewers name them. */
const LEVELS = [
  { id: 'debug', label: 'DEBUG' },
  { id: 'info', label: 'INFO' },
  { id: 'warning', label: 'WARNING' },
  { id: 'error', label: 'ERROR' },
] as const;
const KINDS = [
  { id: '', label: 'Any kind' },
  { id: 'log', label: 'Logs' },
  { id: 'error', label: 'Errors' },
  { id: 'api_error', label: 'API retries' },
] as const;
/** kinds the live tail listens to (the rows /logs lists besides leveled events of other kinds) */
const TAIL_KINDS = ['log', 'error', 'api_error'];
const TAIL_MAX = 200;

export interface LogLine {
  id: string;
  ts: number;
  sessionId: string;
  kind: string;
  level: string | null;
  model: string | null;
  toolName: string | null;
  text: string | null;
}

export default function LogsPage(_props: PageProps) {
  const range = useTimeRange();
  const [search, setParams] = useQueryParams();
  const levels = (search.get('level') ?? '').split(',').filter((l) => LEVELS.some((x) => x.id === l));
  const q = search.get('q') ?? '';
  const session = search.get('session') ?? '';
  const kind = KINDS.some((k) => k.id === search.get('kind')) ? (search.get('kind') ?? '') : '';
  const order = search.get('order') === 'asc' ? 'asc' : 'desc';
  const tail = search.get('tail') === '1';

  const filters = { ...range.params, level: levels.join(',') || undefined, q: q || undefined, session: session || undefined, kind: kind || undefined };
  const params = { ...filters, order: order === 'asc' ? 'asc' : undefined, limit: 50 };
  const list = useCursorList<LogLine>('/logs', params);
  const counts = useApi<{ levels: Array<{ level: string; count: number }>; total: number }>('/logs/levels', { ...range.params, q: q || undefined, session: session || undefined, kind: kind || undefined });
  const { refresh } = useRefresh();

  // the search box writes the URL a moment after typing stops
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  useEffect(() => {
    if (draft.trim() === q) return;
    const timer = setTimeout(() => setParams({ q: draft.trim() || undefined }), 350);
    return () => clearTimeout(timer);
  }, [draft, q, setParams]);

  const toggleLevel = (id: string) => {
    const next = levels.includes(id) ? levels.filter((l) => l !== id) : [...levels, id];
    setParams({ level: LEVELS.map((l) => l.id).filter((l) => next.includes(l)).join(',') || undefined });
  };

  // ---- live tail: matching lines arrive on top ----
  const [tailed, setTailed] = useState<LogLine[]>([]);
  const [liveState, setLiveState] = useState<ConnectionState>('connecting');
  const tailKey = JSON.stringify([levels, q, session, kind]);
  useEffect(() => setTailed([]), [tailKey, tail]);
  const onTailLine = useCallback((line: LogLine) => setTailed((previous) => [line, ...previous.filter((l) => l.id !== line.id)].slice(0, TAIL_MAX)), []);
  const pageItems = list.data?.items;
  const fresh = useMemo(() => {
    if (!tail || list.page !== 1 || order !== 'desc') return [];
    const shown = new Set((pageItems ?? []).map((l) => l.id));
    return tailed.filter((l) => !shown.has(l.id));
  }, [tail, tailed, pageItems, list.page, order]);
  const rows = useMemo(() => [...fresh, ...(pageItems ?? [])], [fresh, pageItems]);
  const freshIds = useMemo(() => new Set(fresh.map((l) => l.id)), [fresh]);

  const columns: Array<Column<LogLine>> = useMemo(
    () => [
      {
        key: 'ts',
        label: 'Time',
        value: (l) => l.ts,
        render: (l) => (
          <span className="nowrap mono">
            {fmtTime(l.ts)} {freshIds.has(l.id) && <span className="badge accent new-line">new</span>}
          </span>
        ),
      },
      {
        key: 'level',
        label: 'Level',
        value: (l) => levelOf(l),
        render: (l) => (
          <span className={`badge log-level ${levelTone(levelOf(l))}`}>
            {levelOf(l).toUpperCase()}
          </span>
        ),
      },
      { key: 'kind', label: 'Kind', value: (l) => l.kind, render: (l) => <span className="mono">{l.kind}</span> },
      { key: 'text', label: 'Message', value: (l) => l.text ?? '', sortable: false, render: (l) => <span className="log-text" title={l.text ?? ''}>{l.text ?? <span className="muted">(no text)</span>}</span> },
      {
        key: 'session',
        label: 'Session',
        value: (l) => l.sessionId,
        render: (l) => (
          <Link href={`/sessions/${encodeURIComponent(l.sessionId)}`} className="mono nowrap" title={l.sessionId}>
            {l.sessionId.length > 14 ? `${l.sessionId.slice(0, 8)}…` : l.sessionId}
          </Link>
        ),
      },
      { key: 'source', label: 'Model / tool', value: (l) => l.toolName ?? l.model ?? '', render: (l) => <span className="muted truncate">{l.toolName ?? l.model ?? '–'}</span> },
    ],
    [freshIds],
  );

  const filtered = levels.length > 0 || q !== '' || session !== '' || kind !== '';
  const total = counts.data?.total;
  return (
    <>
      {tail && order === 'desc' && <LiveTail levels={levels} q={q} session={session} kind={kind} onLine={onTailLine} onState={setLiveState} />}
      <div className="panel logs-filters">
        <div className="filters">
          <div className="field">
            <span id="level-label">Level</span>
            <div className="btn-group" role="group" aria-labelledby="level-label">
              {LEVELS.map((level) => {
                const count = counts.data?.levels.find((l) => l.level === level.id)?.count;
                return (
                  <button key={level.id} type="button" className={`btn level-toggle level-${level.id}`} aria-pressed={levels.includes(level.id)} onClick={() => toggleLevel(level.id)} data-testid={`level-${level.id}`}>
                    {level.label}
                    {count !== undefined && (
                      <span className="count" data-testid={`level-count-${level.id}`} data-value={count}>
                        {fmtInt(count)}
                      </span>
                    )}
                  </button>
                );
              })}
            </div>
          </div>
          <label className="field grow">
            Search text
            <input className="input" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="e.g. timeout, 529, permission" data-testid="logs-search" />
          </label>
          <label className="field">
            Kind
            <select className="input" value={kind} onChange={(e) => setParams({ kind: e.target.value || undefined })} data-testid="logs-kind">
              {KINDS.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Session
            <input className="input mono" value={session} onChange={(e) => setParams({ session: e.target.value.trim() || undefined })} placeholder="session id" size={16} data-testid="logs-session" />
          </label>
          <label className="field">
            Order
            <select className="input" value={order} onChange={(e) => setParams({ order: e.target.value === 'asc' ? 'asc' : undefined })} data-testid="logs-order">
              <option value="desc">Newest first</option>
              <option value="asc">Oldest first</option>
            </select>
          </label>
          <label className="tail-toggle" title={order === 'asc' ? 'Live tail shows new lines on top: switch to newest first' : undefined}>
            <input type="checkbox" checked={tail} disabled={order === 'asc'} onChange={(e) => setParams({ tail: e.target.checked ? '1' : undefined })} data-testid="logs-tail" />
            Live tail
            {tail && <span className={`badge ${liveState === 'live' ? 'ok' : 'warn'}`}>{liveState === 'live' ? 'live' : liveState}</span>}
          </label>
          {filtered && (
            <button className="btn" type="button" onClick={() => setParams({ level: undefined, q: undefined, session: undefined, kind: undefined })}>
              Clear filters
            </button>
          )}
        </div>
      </div>

      <Panel
        title={
          <>
            Log lines{' '}
            {total !== undefined && (
              <span className="muted" data-testid="logs-total" data-value={levels.length ? counts.data!.levels.filter((l) => levels.includes(l.level)).reduce((s, l) => s + l.count, 0) : total}>
                ({fmtInt(levels.length ? counts.data!.levels.filter((l) => levels.includes(l.level)).reduce((s, l) => s + l.count, 0) : total)} in {range.label.toLowerCase()})
              </span>
            )}
          </>
        }
        id="logs"
        actions={<ExportLinks path="/logs" params={params} name="logs" />}
        note="Logs, errors, API retries and every event that carries a level, from transcripts, hooks, OpenTelemetry and the event API."
      >
        {list.error && list.data === undefined ? (
          <ErrorNotice error={list.error} onRetry={list.reload} />
        ) : list.data === undefined ? (
          <Skeleton count={8} />
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No log lines match these filters">
              <button className="btn" type="button" onClick={() => setParams({ level: undefined, q: undefined, session: undefined, kind: undefined })}>
                Clear filters
              </button>{' '}
              or widen the time range.
            </EmptyState>
          ) : (
            <EmptyState title="No log lines in this time range" code={`# any app: POST /api/v1/events (docs/event-api.md)\ncurl -s http://127.0.0.1:7317/api/v1/events -H "Authorization: Bearer $(cat ~/.sightline/token)" \\\n  -H 'content-type: application/json' \\\n  -d '{"events":[{"ts":'$(date +%s000)',"sessionId":"my-app","kind":"log","level":"info","text":"hello"}]}'`}>
              Errors and API retries from Claude Code transcripts, OpenTelemetry log records (<code>OTEL_LOGS_EXPORTER=otlp</code>) and your own apps&apos; logs land here.
            </EmptyState>
          )
        ) : (
          <div data-testid="logs-table" className={list.fetching ? 'refreshing' : undefined}>
            <DataTable rows={rows} columns={columns} rowKey={(l) => l.id} caption="Log lines" />
            <Pager list={list} label="Log lines" />
          </div>
        )}
        <p className="muted logs-refresh-hint">
          {tail ? 'New matching lines appear on top as they are stored.' : 'Turn on Live tail, or pick an auto-refresh interval at the top right, to follow new lines.'}{' '}
          <button className="btn linkish" type="button" onClick={refresh}>
            Refresh now
          </button>
        </p>
      </Panel>
    </>
  );
}

/** The live tail's subscription (mounted only while the tail is on, so the socket opens only then). */
function LiveTail({ levels, q, session, kind, onLine, onState }: { levels: string[]; q: string; session: string; kind: string; onLine: (line: LogLine) => void; onState: (state: ConnectionState) => void }) {
  const client = useLiveClient();
  const state = useConnectionState(client);
  useEffect(() => onState(state), [state, onState]);
  useLiveSubscription(
    client,
    'events',
    { kind: kind ? [kind] : TAIL_KINDS, level: levels.length ? levels : undefined, sessionId: session || undefined },
    {
      onEvent: (event: LiveEvent) => {
        if (q && !(event.text ?? '').toLowerCase().includes(q.toLowerCase())) return;
        onLine({ id: event.id, ts: event.ts, sessionId: event.sessionId, kind: event.kind, level: event.level ?? null, model: event.model ?? null, toolName: event.toolName ?? null, text: event.text ?? null });
      },
    },
    { snapshotLimit: 0 },
  );
  return null;
}

/** A line's level; lines without one count as the API's level counts do (errors error, retries warning, else info). */
function levelOf(l: LogLine): string {
  return l.level ?? (l.kind === 'error' ? 'error' : l.kind === 'api_error' ? 'warning' : 'info');
}

function levelTone(level: string): string {
  return level === 'error' ? 'bad' : level === 'warning' ? 'warn' : level === 'info' ? 'accent' : '';
}
