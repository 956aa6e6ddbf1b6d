import type { ReactNode } from 'react';
import type { PageProps } from '../../routes';
import { DataTable, type Column } from '../../components/DataTable';
import { Loadable, Panel, Skeleton } from '../../components/Panel';
import { fmtBytes, fmtDuration, fmtInt, fmtRelative, fmtTime } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { AgentsPanel } from './AgentsPanel';
import './system.css';

interface IngestStatus {
  roots: string[];
  watching: 'fs-events' | 'polling' | 'off';
  files: number;
  lastPassAt: number | null;
  lastEventAt: number | null;
  lagMs: number;
  eventsIngested: number;
  malformedLines: number;
  problems: Array<{ path: string; message: string }>;
  caughtUp: boolean;
}

export interface SystemReport {
  version: string;
  node: string;
  pid: number;
  uptimeSeconds: number;
  store: {
    kind: 'duckdb' | 'postgres';
    location: string;
    sizeBytes: number | null;
    schemaVersion: number | null;
    engineVersion: string | null;
    events: number | null;
    sessions: number | null;
    connected: boolean;
    latencyMs: number;
    error?: string;
  };
  ingest: IngestStatus;
  websocketClients: number;
  memory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; externalBytes: number };
  config: Record<string, unknown>;
}

interface SourceState {
  source: string;
  events: number;
  lastTs: number | null;
  state: 'receiving' | 'quiet' | 'no_data';
}

const SOURCE_NAMES: Record<string, string> = { transcript: 'Transcripts', hook: 'Hooks', otlp: 'OpenTelemetry', api: 'Event API' };

export default function SystemPage(_props: PageProps) {
  const system = useApi<SystemReport>('/system');
  const ingest = useApi<IngestStatus>('/ingest/status');
  const sources = useApi<{ sources: SourceState[] }>('/sources');
  const now = Date.now();
  return (
    <>
      <Loadable state={system} skeleton={<Skeleton height={70} count={2} />}>
        {(s) => (
          <div className="grid kpis">
            <Kpi label="Store" testId="sys-connected" value={s.store.connected ? 'Connected' : 'Unreachable'} tone={s.store.connected ? 'ok' : 'bad'} sub={`${s.store.kind === 'duckdb' ? 'DuckDB' : 'PostgreSQL'} · ${s.store.latencyMs.toFixed(1)} ms`} />
            <Kpi label="Events stored" testId="sys-events" value={fmtInt(s.store.events)} raw={s.store.events} sub={`${fmtInt(s.store.sessions)} sessions`} />
            <Kpi label="Store size" testId="sys-store-size" value={fmtBytes(s.store.sizeBytes)} raw={s.store.sizeBytes} sub={`schema v${s.store.schemaVersion ?? '–'}`} />
            <Kpi label="Live clients" testId="sys-ws-clients" value={fmtInt(s.websocketClients)} raw={s.websocketClients} sub="open WebSockets" />
            <Kpi label="Memory (RSS)" testId="sys-memory" value={fmtBytes(s.memory.rssBytes)} raw={s.memory.rssBytes} sub={`heap ${fmtBytes(s.memory.heapUsedBytes)}`} />
            <Kpi label="Uptime" testId="sys-uptime" value={fmtDuration(s.uptimeSeconds * 1000)} raw={s.uptimeSeconds} sub={`Sightline ${s.version}`} />
          </div>
        )}
      </Loadable>

      <div className="grid two">
        <Panel title="Store" id="sys-store">
          <Loadable state={system}>
            {(s) => (
              <Facts
                rows={[
                  ['Kind', s.store.kind === 'duckdb' ? 'DuckDB (embedded file)' : 'PostgreSQL'],
                  ['Location', <code key="l" className="break" data-testid="sys-location">{s.store.location}</code>],
                  ['Size', <span key="s" data-testid="sys-size">{fmtBytes(s.store.sizeBytes)}{s.store.sizeBytes !== null ? ` (${fmtInt(s.store.sizeBytes)} bytes)` : ''}</span>],
                  ['Schema version', <span key="v" data-testid="sys-schema">{s.store.schemaVersion ?? '–'}</span>],
                  ['Engine', <span key="e" data-testid="sys-engine">{s.store.engineVersion ?? '–'}</span>],
                  [
                    'Connectivity',
                    <span key="c">
                      <span className={`badge ${s.store.connected ? 'ok' : 'bad'}`}>{s.store.connected ? 'connected' : 'unreachable'}</span> <span data-testid="sys-latency">{s.store.latencyMs.toFixed(1)} ms</span>
                      {s.store.error && <div className="text-error">{s.store.error}</div>}
                    </span>,
                  ],
                  ['Events · sessions', `${fmtInt(s.store.events)} · ${fmtInt(s.store.sessions)}`],
                ]}
              />
            )}
          </Loadable>
        </Panel>

        <Panel title="Ingestion" id="sys-ingest" note="Claude Code transcripts read continuously (the catch-up import at start, then every change).">
          <Loadable state={ingest}>
            {(i) => (
              <>
                <Facts
                  rows={[
                    ['State', <span key="st">{i.caughtUp ? <span className="badge ok">caught up</span> : <span className="badge warn">initial import running</span>} <span className="muted">watching: {i.watching === 'fs-events' ? 'file-system events' : i.watching}</span></span>],
                    ['Watched directories', i.roots.length ? <ul key="r" className="plain-list">{i.roots.map((root) => <li key={root}><code className="break">{root}</code></li>)}</ul> : <span key="r" className="muted">none</span>],
                    ['Transcript files', <span key="f" data-testid="ingest-files">{fmtInt(i.files)}</span>],
                    ['Events ingested', <span key="e" data-testid="ingest-events">{fmtInt(i.eventsIngested)}</span>],
                    ['Lag (last pass)', <span key="l" data-testid="ingest-lag">{fmtDuration(i.lagMs)}</span>],
                    ['Last pass', i.lastPassAt ? `${fmtTime(i.lastPassAt)} (${fmtRelative(i.lastPassAt, now)})` : '–'],
                    ['Last ingest', i.lastEventAt ? `${fmtTime(i.lastEventAt)} (${fmtRelative(i.lastEventAt, now)})` : '–'],
                    ['Malformed lines', <span key="m" data-testid="ingest-malformed" className={i.malformedLines ? 'text-warn' : undefined}>{fmtInt(i.malformedLines)}{i.malformedLines ? ' (skipped and counted)' : ''}</span>],
                  ]}
                />
                <h3 className="sub-title">Problems</h3>
                {i.problems.length === 0 ? (
                  <p className="muted" data-testid="ingest-problems-none">
                    None.
                  </p>
                ) : (
                  <DataTable rows={i.problems} rowKey={(p) => p.path + p.message} caption="Ingest problems" columns={PROBLEM_COLUMNS} />
                )}
              </>
            )}
          </Loadable>
        </Panel>
      </div>

      <div className="grid two">
        <Panel title="Sources" id="sys-sources" note="Events per way in, over the last 7 days; “receiving” = an event within 5 minutes.">
          <Loadable state={sources}>
            {(data) => <DataTable rows={data.sources} rowKey={(s) => s.source} caption="Ingest sources" columns={SOURCE_COLUMNS} />}
          </Loadable>
        </Panel>
        <Panel title="Process" id="sys-process">
          <Loadable state={system}>
            {(s) => (
              <>
                <Facts
                  rows={[
                    ['Version', <span key="v" data-testid="sys-version">{s.version}</span>],
                    ['Node.js', s.node],
                    ['Process id', String(s.pid)],
                    ['Uptime', fmtDuration(s.uptimeSeconds * 1000)],
                    ['WebSocket clients', fmtInt(s.websocketClients)],
                  ]}
                />
                <h3 className="sub-title">Memory</h3>
                <MemoryBars memory={s.memory} />
              </>
            )}
          </Loadable>
        </Panel>
      </div>

      <AgentsPanel />

      <Panel title="Configuration" id="sys-config" note="As the server was started; secrets (tokens, passwords, keys) are redacted by the server.">
        <Loadable state={system}>
          {(s) => (
            <div className="table-wrap">
              <table className="data config-table" data-testid="sys-config">
                <caption className="sr-only">Configuration</caption>
                <thead>
                  <tr>
                    <th scope="col">Setting</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(s.config).map(([key, value]) => (
                    <tr key={key}>
                      <th scope="row" className="mono">
                        {key}
                      </th>
                      <td data-testid={`config-${key}`}>{configValue(value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loadable>
      </Panel>
    </>
  );
}

function Kpi({ label, value, sub, testId, raw, tone }: { label: string; value: string; sub?: string; testId: string; raw?: number | null; tone?: 'ok' | 'bad' }) {
  return (
    <div className="panel kpi" data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className={`kpi-value ${tone ? `text-${tone}` : ''}`} data-value={raw ?? undefined}>
        {value}
      </div>
      {sub && <div className="delta flat">{sub}</div>}
    </div>
  );
}

function Facts({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function MemoryBars({ memory }: { memory: SystemReport['memory'] }) {
  const max = Math.max(memory.rssBytes, memory.heapTotalBytes, 1);
  const bars: Array<[string, number, string]> = [
    ['Resident (RSS)', memory.rssBytes, 'rss'],
    ['Heap used', memory.heapUsedBytes, 'heap-used'],
    ['Heap total', memory.heapTotalBytes, 'heap-total'],
    ['External', memory.externalBytes, 'external'],
  ];
  return (
    <ul className="barlist sys-memory" aria-label="Process memory">
      {bars.map(([label, bytes, id]) => (
        <li key={id}>
          <span>{label}</span>
          <span className="track" aria-hidden="true">
            <span className="fill" style={{ width: `${(bytes / max) * 100}%`, display: 'block', background: 'var(--accent)' }} />
          </span>
          <span className="num" data-testid={`mem-${id}`} data-value={bytes}>
            {fmtBytes(bytes)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function configValue(value: unknown): ReactNode {
  if (value === '[redacted]') return <span className="badge">redacted</span>;
  if (Array.isArray(value)) return value.length ? <span className="mono break">{value.join(', ')}</span> : <span className="muted">none</span>;
  if (value === null || value === undefined || value === '') return <span className="muted">–</span>;
  if (typeof value === 'object') return <code className="break">{JSON.stringify(value)}</code>;
  return <span className="mono break">{String(value)}</span>;
}

const PROBLEM_COLUMNS: Array<Column<{ path: string; message: string }>> = [
  { key: 'path', label: 'File', value: (p) => p.path, render: (p) => <code className="break">{p.path}</code> },
  { key: 'message', label: 'Problem', value: (p) => p.message },
];

const SOURCE_COLUMNS: Array<Column<SourceState>> = [
  { key: 'source', label: 'Source', value: (s) => SOURCE_NAMES[s.source] ?? s.source },
  { key: 'events', label: 'Events (7 days)', align: 'right', value: (s) => s.events, render: (s) => <span data-testid={`source-events-${s.source}`}>{fmtInt(s.events)}</span> },
  { key: 'lastTs', label: 'Last event', value: (s) => s.lastTs ?? 0, render: (s) => (s.lastTs ? <span title={fmtTime(s.lastTs)}>{fmtRelative(s.lastTs)}</span> : <span className="muted">never</span>) },
  {
    key: 'state',
    label: 'State',
    value: (s) => s.state,
    render: (s) => <span className={`badge ${s.state === 'receiving' ? 'ok' : s.state === 'quiet' ? 'warn' : ''}`}>{s.state === 'no_data' ? 'no data' : s.state}</span>,
  },
];
