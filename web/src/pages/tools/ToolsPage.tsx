import { useMemo } from 'react';
import { BarList } from '../../components/BarList';
import { ClientTable, CsvDownload, type ClientColumn } from '../../components/ClientTable';
import { ExportLinks } from '../../components/ExportLinks';
import { KpiCard } from '../../components/KpiCard';
import { EmptyState, Loadable, Panel, Skeleton } from '../../components/Panel';
import { fmtDuration, fmtInt, fmtPct, fmtTime } from '../../lib/format';
import { Link, useQueryParams } from '../../lib/router';
import { useTimeRange } from '../../lib/time-range';
import { useApi } from '../../lib/use-api';
import type { PageProps } from '../../routes';
import { BashPanel, CallStatus } from './BashPanel';
import type { SlowCall, ToolStats, ToolsAnswer } from './types';
import './tools.css';

const SETUP_LINES = `npx sightline import                 # tool calls from Claude Code transcripts on disk
npx sightline hooks install          # each tool call the moment it runs, with its duration and exit code`;

const TOP_BARS = 12;

export default function ToolsPage(_props: PageProps) {
  const range = useTimeRange();
  const tools = useApi<ToolsAnswer>('/tools', range.params);
  return (
    <>
      <Loadable state={tools} skeleton={<Skeleton height={90} count={4} />}>
        {(data) =>
          data.tools.length === 0 ? (
            <div className="panel">
              <EmptyState title={`No tool calls in ${range.preset === 'custom' ? 'this time range' : range.label.toLowerCase()}`} code={SETUP_LINES}>
                Tool statistics come from Claude Code transcripts and hooks. Import or connect them, then come back (or pick a longer time range above):
              </EmptyState>
            </div>
          ) : (
            <ToolsContent data={data} params={range.params} />
          )
        }
      </Loadable>
      <BashPanel params={range.params} />
    </>
  );
}

function ToolsContent({ data, params }: { data: ToolsAnswer; params: { from: string; to: string } }) {
  const [search, setParams] = useQueryParams();
  const filter = search.get('tool') ?? '';
  const totals = useMemo(() => {
    const sum = (pick: (t: ToolStats) => number) => data.tools.reduce((total, t) => total + pick(t), 0);
    const ok = sum((t) => t.ok);
    const errors = sum((t) => t.errors);
    return { calls: sum((t) => t.calls), ok, errors, pending: sum((t) => t.pending), successRate: ok + errors ? ok / (ok + errors) : null, mcpCalls: data.byMcpServer.reduce((n, s) => n + s.calls, 0) };
  }, [data]);
  const frequency = useMemo(
    () => [...data.tools].sort((a, b) => b.calls - a.calls).slice(0, TOP_BARS).map((t) => ({ key: t.name, label: t.name, value: t.calls, display: `${fmtInt(t.calls)} · ${fmtPct(t.successRate, 0)} ok` })),
    [data.tools],
  );
  const slow = useMemo(
    () =>
      [...data.tools]
        .filter((t) => t.durationMs.p95 !== null)
        .sort((a, b) => (b.durationMs.p95 ?? 0) - (a.durationMs.p95 ?? 0))
        .slice(0, TOP_BARS)
        .map((t) => ({ key: t.name, label: t.name, value: t.durationMs.p95 ?? 0, display: fmtDuration(t.durationMs.p95) })),
    [data.tools],
  );
  const failures = useMemo(
    () =>
      data.tools
        .filter((t) => t.errors > 0)
        .sort((a, b) => b.errors - a.errors)
        .slice(0, TOP_BARS)
        .map((t) => ({ key: t.name, label: t.name, value: t.errors, display: `${fmtInt(t.errors)} · ${fmtPct(t.successRate === null ? null : 1 - t.successRate, 0)}`, color: 'var(--bad)' })),
    [data.tools],
  );
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? data.tools.filter((t) => t.name.toLowerCase().includes(needle)) : data.tools;
  }, [data.tools, filter]);
  return (
    <>
      <div className="grid kpis analytics-kpis">
        <KpiCard label="Tool calls" kpi={totals.calls} format={fmtInt} testId="kpi-calls" />
        <KpiCard label="Success rate" kpi={totals.successRate ?? 0} format={(v) => (totals.successRate === null ? '–' : fmtPct(v))} testId="kpi-success" />
        <KpiCard label="Failed calls" kpi={totals.errors} format={fmtInt} testId="kpi-errors" />
        <KpiCard label="Still running" kpi={totals.pending} format={fmtInt} testId="kpi-pending" />
        <KpiCard label="Tools used" kpi={data.tools.length} format={fmtInt} testId="kpi-tools" />
        <KpiCard label="MCP calls" kpi={totals.mcpCalls} format={fmtInt} testId="kpi-mcp" />
      </div>
      <div className="grid two">
        <Panel title="Calls per tool" note={`The ${Math.min(TOP_BARS, data.tools.length)} most used tools, with their success rate`}>
          <BarList items={frequency} label="Calls per tool" />
        </Panel>
        <Panel title="Slowest tools (p95)" note="95 % of calls finish within this time">
          {slow.length ? <BarList items={slow} label="p95 duration per tool" /> : <p className="muted">No durations measured yet.</p>}
        </Panel>
      </div>
      <Panel title="All tools" actions={<ExportLinks path="/tools" params={params} name="tools" />} note="Success rate = ok / (ok + failed); durations from the tool's result (percentiles within 4.4 %).">
        <div className="filters tools-filter">
          <label className="field">
            Filter tools
            <input className="input" type="search" value={filter} placeholder="e.g. mcp__ or Bash" onChange={(e) => setParams({ tool: e.target.value || undefined })} data-testid="tool-filter" />
          </label>
          <span className="muted">
            {shown.length} of {data.tools.length} tools
          </span>
        </div>
        <ClientTable rows={shown} columns={toolColumns('tool')} rowKey={(t) => t.name} caption="Calls, success rate and duration per tool" pageSize={20} defaultSort={{ key: 'calls', dir: 'desc' }} label="Tools" empty={<p className="muted">No tool matches “{filter}”.</p>} />
      </Panel>
      <Panel title="Slowest calls" note="The 20 longest tool calls, each linking to its session" actions={<CsvDownload rows={data.slowest} columns={SLOW_COLUMNS} name="slowest-tool-calls" />}>
        <ClientTable rows={data.slowest} columns={SLOW_COLUMNS} rowKey={(c) => c.id} caption="The slowest tool calls" pageSize={10} label="Slowest calls" empty={<p className="muted">No finished tool calls.</p>} />
      </Panel>
      <div className="grid two">
        <Panel title="MCP servers" note="Tool calls per MCP server (tools named mcp__server__tool)" actions={<CsvDownload rows={data.byMcpServer} columns={MCP_CSV_COLUMNS} name="mcp-servers" />}>
          <ClientTable
            rows={data.byMcpServer}
            columns={MCP_COLUMNS}
            rowKey={(t) => t.name}
            caption="Calls, success rate and duration per MCP server"
            defaultSort={{ key: 'calls', dir: 'desc' }}
            label="MCP servers"
            empty={<p className="muted">No MCP tool calls in this range.</p>}
          />
        </Panel>
        <Panel title="Failures per tool" note="Failed calls per tool, with the share of its finished calls that failed">
          {failures.length ? <BarList items={failures} label="Failed calls per tool" /> : <p className="muted">No tool call failed in this range.</p>}
        </Panel>
      </div>
    </>
  );
}

const MCP_KEYS = ['name', 'calls', 'errors', 'successRate', 'p50', 'p95', 'p99'];
const MCP_CSV_COLUMNS = toolColumns('mcp');
const MCP_COLUMNS = MCP_CSV_COLUMNS.filter((c) => MCP_KEYS.includes(c.key));

function toolColumns(kind: 'tool' | 'mcp'): Array<ClientColumn<ToolStats>> {
  const attr = kind === 'tool' ? { 'data-tool': '' } : { 'data-mcp': '' };
  return [
    {
      key: 'name',
      label: kind === 'tool' ? 'Tool' : 'Server',
      value: (t) => t.name,
      render: (t) => (
        <span className="truncate tool-name mono" title={t.name} {...attr} data-name={t.name}>
          {t.name}
        </span>
      ),
    },
    { key: 'calls', label: 'Calls', align: 'right', value: (t) => t.calls, render: (t) => <span data-calls={t.calls}>{fmtInt(t.calls)}</span> },
    { key: 'ok', label: 'OK', align: 'right', value: (t) => t.ok, render: (t) => fmtInt(t.ok) },
    { key: 'errors', label: 'Failed', align: 'right', value: (t) => t.errors, render: (t) => (t.errors ? <span className="bad-text">{fmtInt(t.errors)}</span> : '0') },
    { key: 'pending', label: 'Pending', align: 'right', value: (t) => t.pending, render: (t) => fmtInt(t.pending) },
    { key: 'successRate', label: 'Success', align: 'right', value: (t) => t.successRate, render: (t) => <SuccessRate rate={t.successRate} /> },
    { key: 'mean', label: 'Mean', align: 'right', value: (t) => t.durationMs.mean, render: (t) => fmtDuration(t.durationMs.mean) },
    { key: 'p50', label: 'p50', align: 'right', value: (t) => t.durationMs.p50, render: (t) => fmtDuration(t.durationMs.p50) },
    { key: 'p95', label: 'p95', align: 'right', value: (t) => t.durationMs.p95, render: (t) => <span data-p95={t.durationMs.p95 ?? ''}>{fmtDuration(t.durationMs.p95)}</span> },
    { key: 'p99', label: 'p99', align: 'right', value: (t) => t.durationMs.p99, render: (t) => fmtDuration(t.durationMs.p99) },
  ];
}

function SuccessRate({ rate }: { rate: number | null }) {
  if (rate === null) return <span className="muted">–</span>;
  const tone = rate >= 0.95 ? 'ok' : rate >= 0.8 ? 'warn' : 'bad';
  return (
    <span className={`badge ${tone}`} data-success={rate}>
      {fmtPct(rate)}
    </span>
  );
}

const SLOW_COLUMNS: Array<ClientColumn<SlowCall>> = [
  { key: 'toolName', label: 'Tool', value: (c) => c.toolName, render: (c) => <span className="mono truncate tool-name" title={c.toolName}>{c.toolName}</span> },
  { key: 'durationMs', label: 'Duration', align: 'right', value: (c) => c.durationMs, render: (c) => <strong data-slow={c.id} data-value={c.durationMs}>{fmtDuration(c.durationMs)}</strong> },
  { key: 'status', label: 'Status', value: (c) => c.status, render: (c) => <CallStatus status={c.status} /> },
  { key: 'text', label: 'What', value: (c) => c.text, sortable: false, render: (c) => <span className="truncate slow-text" title={c.text ?? ''}>{c.text ?? '–'}</span> },
  {
    key: 'ts',
    label: 'When',
    value: (c) => c.ts,
    csv: (c) => new Date(c.ts).toISOString(),
    render: (c) => <span className="nowrap">{fmtTime(c.ts)}</span>,
  },
  { key: 'sessionId', label: 'Session', value: (c) => c.sessionId, sortable: false, render: (c) => <Link href={`/sessions/${encodeURIComponent(c.sessionId)}`} className="mono">{c.sessionId.slice(0, 8)}</Link> },
];
