import { useMemo } from 'react';
import { BarList } from '../../components/BarList';
import { ChoiceGroup, ClientTable, CsvDownload, type ClientColumn } from '../../components/ClientTable';
import { ExportLinks } from '../../components/ExportLinks';
import { KpiCard } from '../../components/KpiCard';
import { EmptyState, Loadable, Panel, Skeleton } from '../../components/Panel';
import { fmtDuration, fmtInt } from '../../lib/format';
import { useQueryParams } from '../../lib/router';
import { seriesColor } from '../../lib/theme';
import { useTimeRange } from '../../lib/time-range';
import { useApi } from '../../lib/use-api';
import type { PageProps } from '../../routes';
import type { ModelLatency, PerformanceAnswer, Service, ServiceType } from './types';
import './performance.css';

type TypeFilter = 'all' | ServiceType;
const TYPE_CHOICES: Array<{ value: TypeFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'tool', label: 'Tools' },
  { value: 'mcp', label: 'MCP servers' },
  { value: 'model', label: 'Models' },
];
const TYPE_LABEL: Record<ServiceType, string> = { tool: 'Tool', mcp: 'MCP server', model: 'Model' };

const SETUP_LINES = `npx sightline import                 # model calls and tool calls from Claude Code transcripts
npx sightline hooks install          # tool durations the moment each call finishes`;

/** 30000 → '30 s', 60000 → '1 min'. */
const fmtThreshold = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);
const fmtRate = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} tok/s`);

export default function PerformancePage(_props: PageProps) {
  const range = useTimeRange();
  const perf = useApi<PerformanceAnswer>('/performance', range.params);
  return (
    <Loadable state={perf} skeleton={<Skeleton height={90} count={4} />}>
      {(data) =>
        data.models.length === 0 && data.services.length === 0 ? (
          <div className="panel">
            <EmptyState title={`Nothing measured in ${range.preset === 'custom' ? 'this time range' : range.label.toLowerCase()}`} code={SETUP_LINES}>
              Latency comes from model calls, durations from tool calls. Import or connect a source, then come back (or pick a longer time range above):
            </EmptyState>
          </div>
        ) : (
          <PerformanceContent data={data} params={range.params} />
        )
      }
    </Loadable>
  );
}

function PerformanceContent({ data, params }: { data: PerformanceAnswer; params: { from: string; to: string } }) {
  const [search, setParams] = useQueryParams();
  const type: TypeFilter = TYPE_CHOICES.find((c) => c.value === search.get('service'))?.value ?? 'all';
  const onlyBottlenecks = search.get('bottlenecks') === '1';
  const services = useMemo(() => data.services.filter((s) => (type === 'all' || s.type === type) && (!onlyBottlenecks || s.bottleneck)), [data.services, type, onlyBottlenecks]);
  const kpis = useMemo(() => {
    const measured = data.models.filter((m) => m.latencyMs.p95 !== null);
    const slowest = [...measured].sort((a, b) => (b.latencyMs.p95 ?? 0) - (a.latencyMs.p95 ?? 0))[0];
    // Throughput over all models: output tokens / latency, weighting each model by its measured calls.
    const weighted = data.models.filter((m) => m.outputTokensPerSecond !== null && m.measured > 0);
    const calls = weighted.reduce((n, m) => n + m.measured, 0);
    const throughput = calls ? weighted.reduce((sum, m) => sum + (m.outputTokensPerSecond ?? 0) * m.measured, 0) / calls : null;
    return { slowest, throughput, bottlenecks: data.services.filter((s) => s.bottleneck).length, measuredCalls: data.models.reduce((n, m) => n + m.measured, 0) };
  }, [data]);
  const throughput = useMemo(
    () =>
      [...data.models]
        .filter((m) => m.outputTokensPerSecond !== null)
        .sort((a, b) => (b.outputTokensPerSecond ?? 0) - (a.outputTokensPerSecond ?? 0))
        .map((m) => ({ key: m.model, label: m.model, value: m.outputTokensPerSecond ?? 0, display: fmtRate(m.outputTokensPerSecond), color: seriesColor(data.models.indexOf(m)) })),
    [data.models],
  );
  const t = data.thresholds;
  return (
    <>
      <div className="grid kpis analytics-kpis">
        <KpiCard label="Model calls measured" kpi={kpis.measuredCalls} format={fmtInt} testId="kpi-measured" />
        <KpiCard label="Slowest model p95" kpi={kpis.slowest?.latencyMs.p95 ?? 0} format={(v) => (kpis.slowest ? fmtDuration(v) : '–')} testId="kpi-slowest" />
        <KpiCard label="Output throughput" kpi={kpis.throughput ?? 0} format={(v) => (kpis.throughput === null ? '–' : `${v.toFixed(1)} tok/s`)} testId="kpi-throughput" />
        <KpiCard label="Bottlenecks" kpi={kpis.bottlenecks} format={fmtInt} testId="kpi-bottlenecks" />
      </div>
      <div className="grid two">
        <Panel title="Model latency" note="Time to each model response: p50 (solid), p95 and p99 (lighter), mean (tick). Estimated from transcripts when the source gives no duration.">
          {data.models.length ? <LatencyBars models={data.models} /> : <p className="muted">No model calls in this range.</p>}
        </Panel>
        <Panel title="Throughput" note="Output tokens per second of measured latency, per model">
          {throughput.length ? <BarList items={throughput} label="Output tokens per second per model" /> : <p className="muted">No throughput measured.</p>}
        </Panel>
      </div>
      <Panel title="Latency per model" actions={<CsvDownload rows={data.models} columns={MODEL_COLUMNS} name="model-latency" />}>
        <ClientTable rows={data.models} columns={MODEL_COLUMNS} rowKey={(m) => m.model} caption="Latency percentiles and throughput per model" label="Models" />
      </Panel>
      <Panel
        title="Services by p95"
        id="services"
        note={
          <span data-testid="thresholds">
            Slowest first. A service is a <strong>bottleneck</strong> when its p95 is above the threshold: {fmtThreshold(t.tool)} for a built-in tool, {fmtThreshold(t.mcp)} for an MCP server, {fmtThreshold(t.model)} for a model.
          </span>
        }
        actions={<ExportLinks path="/performance" params={params} name="performance-services" />}
      >
        <div className="filters perf-filters">
          <ChoiceGroup label="Show" value={type} choices={TYPE_CHOICES} onChange={(value) => setParams({ service: value === 'all' ? undefined : value })} testId="service-type" />
          <label className="check">
            <input type="checkbox" checked={onlyBottlenecks} onChange={(e) => setParams({ bottlenecks: e.target.checked ? '1' : undefined })} data-testid="only-bottlenecks" />
            Bottlenecks only
          </label>
          <span className="muted">
            {services.length} of {data.services.length} services
          </span>
        </div>
        <ClientTable rows={services} columns={SERVICE_COLUMNS} rowKey={(s) => `${s.type}|${s.name}`} caption="Services ranked by p95 latency" pageSize={20} label="Services" empty={<p className="muted">No service matches these filters.</p>} />
      </Panel>
    </>
  );
}

/** Per model, a bar on one shared scale: 0→p50 solid, p50→p95 and p95→p99 lighter, a tick at the mean. */
function LatencyBars({ models }: { models: ModelLatency[] }) {
  const max = Math.max(1, ...models.map((m) => m.latencyMs.p99 ?? m.latencyMs.p95 ?? 0));
  const pct = (v: number | null) => `${(((v ?? 0) / max) * 100).toFixed(2)}%`;
  return (
    <ul className="latency-bars" aria-label="Latency percentiles per model">
      {models.map((m, i) => {
        const { p50, p95, p99, mean } = m.latencyMs;
        const color = seriesColor(i);
        const text = `p50 ${fmtDuration(p50)} · p95 ${fmtDuration(p95)} · p99 ${fmtDuration(p99)}`;
        return (
          <li key={m.model} title={`${m.model}: mean ${fmtDuration(mean)}, ${text}`}>
            <span className="truncate latency-model">{m.model}</span>
            <span className="latency-track" aria-hidden="true">
              {p99 !== null && <span className="seg" style={{ width: pct(p99), background: color, opacity: 0.25 }} />}
              {p95 !== null && <span className="seg" style={{ width: pct(p95), background: color, opacity: 0.5 }} />}
              {p50 !== null && <span className="seg" style={{ width: pct(p50), background: color }} />}
              {mean !== null && <span className="mean" style={{ left: pct(mean) }} />}
            </span>
            <span className="latency-values num">{p50 === null ? 'not measured' : text}</span>
          </li>
        );
      })}
    </ul>
  );
}

const MODEL_COLUMNS: Array<ClientColumn<ModelLatency>> = [
  { key: 'model', label: 'Model', value: (m) => m.model, render: (m) => <span className="mono truncate perf-name" title={m.model} data-model={m.model}>{m.model}</span> },
  { key: 'calls', label: 'Calls', align: 'right', value: (m) => m.calls, render: (m) => fmtInt(m.calls) },
  { key: 'measured', label: 'Measured', align: 'right', value: (m) => m.measured, render: (m) => fmtInt(m.measured) },
  { key: 'mean', label: 'Mean', align: 'right', value: (m) => m.latencyMs.mean, render: (m) => fmtDuration(m.latencyMs.mean) },
  { key: 'p50', label: 'p50', align: 'right', value: (m) => m.latencyMs.p50, render: (m) => <span data-model-p50={m.model} data-value={m.latencyMs.p50 ?? ''}>{fmtDuration(m.latencyMs.p50)}</span> },
  { key: 'p95', label: 'p95', align: 'right', value: (m) => m.latencyMs.p95, render: (m) => <span data-model-p95={m.model} data-value={m.latencyMs.p95 ?? ''}>{fmtDuration(m.latencyMs.p95)}</span> },
  { key: 'p99', label: 'p99', align: 'right', value: (m) => m.latencyMs.p99, render: (m) => <span data-model-p99={m.model} data-value={m.latencyMs.p99 ?? ''}>{fmtDuration(m.latencyMs.p99)}</span> },
  { key: 'outputTokensPerSecond', label: 'Output tok/s', align: 'right', value: (m) => m.outputTokensPerSecond, render: (m) => <span data-model-tps={m.model} data-value={m.outputTokensPerSecond ?? ''}>{m.outputTokensPerSecond === null ? '–' : m.outputTokensPerSecond.toFixed(1)}</span> },
];

const SERVICE_COLUMNS: Array<ClientColumn<Service>> = [
  { key: 'name', label: 'Service', value: (s) => s.name, render: (s) => <span className="mono truncate perf-name" title={s.name} data-service={`${s.type}|${s.name}`}>{s.name}</span> },
  { key: 'type', label: 'Type', value: (s) => s.type, render: (s) => <span className="badge">{TYPE_LABEL[s.type]}</span> },
  { key: 'calls', label: 'Calls', align: 'right', value: (s) => s.calls, render: (s) => fmtInt(s.calls) },
  {
    key: 'p95Ms',
    label: 'p95',
    align: 'right',
    value: (s) => s.p95Ms,
    render: (s) => (
      <span className="p95-cell">
        <span className={`p95-meter ${s.bottleneck ? 'over' : ''}`} aria-hidden="true">
          <span style={{ width: `${Math.min(100, ((s.p95Ms ?? 0) / s.thresholdMs) * 100)}%` }} />
        </span>
        <strong data-service-p95={`${s.type}|${s.name}`} data-value={s.p95Ms ?? ''}>
          {fmtDuration(s.p95Ms)}
        </strong>
      </span>
    ),
  },
  { key: 'thresholdMs', label: 'Threshold', align: 'right', value: (s) => s.thresholdMs, render: (s) => <span className="muted">{fmtThreshold(s.thresholdMs)}</span> },
  {
    key: 'bottleneck',
    label: 'Status',
    value: (s) => (s.bottleneck ? 1 : 0),
    csv: (s) => s.bottleneck,
    render: (s) =>
      s.bottleneck ? (
        <span className="badge bad" data-bottleneck={`${s.type}|${s.name}`}>
          ▲ bottleneck
        </span>
      ) : s.p95Ms === null ? (
        <span className="badge">not measured</span>
      ) : (
        <span className="badge ok">ok</span>
      ),
  },
];
