import { useMemo } from 'react';
import { ChoiceGroup, ClientTable, CsvDownload, type ClientColumn } from '../../components/ClientTable';
import { ExportLinks } from '../../components/ExportLinks';
import { KpiCard } from '../../components/KpiCard';
import { EmptyState, Loadable, Panel, Skeleton } from '../../components/Panel';
import { Tabs } from '../../components/Tabs';
import { TimeChart, type ChartSeries } from '../../components/TimeChart';
import { fmtCompact, fmtInt, fmtPct, fmtUsd } from '../../lib/format';
import { Link, useQueryParams } from '../../lib/router';
import { useTimeRange } from '../../lib/time-range';
import { useApi } from '../../lib/use-api';
import type { PageProps } from '../../routes';
import { BlocksPanel } from './BlocksPanel';
import type { PeriodRow, TokenGroup, TokensAnswer } from './types';
import './tokens.css';

type Interval = 'day' | 'week' | 'month';
const INTERVALS: Array<{ value: Interval; label: string }> = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
];
type GroupBy = 'model' | 'project' | 'user';
const GROUPS: Array<{ id: GroupBy; label: string }> = [
  { id: 'model', label: 'By model' },
  { id: 'project', label: 'By project' },
  { id: 'user', label: 'By user' },
];
const REPORT_KIND = { day: 'daily', week: 'weekly', month: 'monthly' } as const;
/** Models drawn as their own band; the rest are summed into "Other models". */
const MAX_MODEL_SERIES = 8;

export const SETUP_LINES = `npx sightline import                 # Claude Code transcripts already on disk
npx sightline hooks install          # live events from Claude Code hooks
export CLAUDE_CODE_ENABLE_TELEMETRY=1 OTEL_LOGS_EXPORTER=otlp \\
  OTEL_EXPORTER_OTLP_PROTOCOL=http/json OTEL_EXPORTER_OTLP_ENDPOINT=${location.origin} \\
  OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer $(cat ~/.sightline/token)"`;

/** The browser's IANA zone: days are counted in it, like `sightline report --timezone <zone>`. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export default function TokensPage(_props: PageProps) {
  const range = useTimeRange();
  const [search, setParams] = useQueryParams();
  const interval: Interval = (['day', 'week', 'month'] as const).find((i) => i === search.get('interval')) ?? 'day';
  const by: GroupBy = (['model', 'project', 'user'] as const).find((g) => g === search.get('by')) ?? 'model';
  const timezone = useMemo(browserTimeZone, []);
  const params = useMemo(() => ({ ...range.params, interval, timezone }), [range.params, interval, timezone]);
  const tokens = useApi<TokensAnswer>('/tokens', params);
  const per = interval === 'day' ? 'per day' : interval === 'week' ? 'per week' : 'per month';

  return (
    <>
      <div className="filters tokens-filters">
        <ChoiceGroup label="Interval" value={interval} choices={INTERVALS} onChange={(value) => setParams({ interval: value === 'day' ? undefined : value })} testId="interval" />
        <span className="muted tokens-zone">
          {interval === 'week' ? 'Weeks (from Monday)' : interval === 'month' ? 'Months' : 'Days'} counted in <strong data-testid="timezone">{timezone}</strong>, this browser's time zone
        </span>
      </div>
      <Loadable state={tokens} skeleton={<Skeleton height={90} count={4} />}>
        {(data) =>
          data.periods.length === 0 ? (
            <div className="panel">
              <EmptyState title={`No token usage in ${range.preset === 'custom' ? 'this time range' : range.label.toLowerCase()}`} code={SETUP_LINES}>
                Tokens and cost come from model calls. Import your Claude Code transcripts or connect a live source, then come back (or pick a longer time range above):
              </EmptyState>
            </div>
          ) : (
            <TokensContent data={data} per={per} interval={interval} by={by} params={params} setBy={(value) => setParams({ by: value === 'model' ? undefined : value })} />
          )
        }
      </Loadable>
      <BlocksPanel params={range.params} />
    </>
  );
}

function TokensContent({ data, per, interval, by, params, setBy }: { data: TokensAnswer; per: string; interval: Interval; by: GroupBy; params: Record<string, string>; setBy: (by: GroupBy) => void }) {
  const { totals } = data;
  const groups = by === 'model' ? data.byModel : by === 'project' ? data.byProject : data.byUser;
  return (
    <>
      <div className="grid kpis tokens-kpis">
        <KpiCard label="Cost" kpi={totals.totalCost} format={fmtUsd} testId="kpi-cost" />
        <KpiCard label="Total tokens" kpi={totals.totalTokens} format={fmtCompact} testId="kpi-tokens" />
        <KpiCard label="Input" kpi={totals.inputTokens} format={fmtCompact} testId="kpi-input" />
        <KpiCard label="Output" kpi={totals.outputTokens} format={fmtCompact} testId="kpi-output" />
        <KpiCard label="Cache write" kpi={totals.cacheCreationTokens} format={fmtCompact} testId="kpi-cache-write" />
        <KpiCard label="Cache read" kpi={totals.cacheReadTokens} format={fmtCompact} testId="kpi-cache-read" />
        <KpiCard label="Cache hit ratio" kpi={data.cacheHitRatio ?? 0} format={(v) => (data.cacheHitRatio === null ? '–' : fmtPct(v))} testId="kpi-cache-hit" />
      </div>
      {totals.unpricedModels && totals.unpricedModels.length > 0 && (
        <div className="notice warn" data-testid="unpriced">
          No price is known for <strong>{totals.unpricedModels.join(', ')}</strong>: their tokens are counted, their cost is not. Add prices with{' '}
          <code>SIGHTLINE_PRICES=/path/to/prices.json</code>.
        </div>
      )}
      <UsageCharts periods={data.periods} interval={interval} per={per} />
      <Panel title={`Usage ${per}`} id="periods" note={
          <>
            The same rows as <code>sightline report {REPORT_KIND[interval]} --json --timezone {data.timezone}</code>
          </>
        } actions={<ExportLinks path="/tokens" params={params} name={`tokens-${interval}`} />}>
        <ClientTable rows={data.periods} columns={PERIOD_COLUMNS} rowKey={(row) => row.period} caption={`Tokens and cost ${per}`} pageSize={interval === 'day' ? 31 : 26} label="Periods" />
      </Panel>
      <Panel title="Breakdown" actions={<CsvDownload rows={groups} columns={GROUP_COLUMNS} name={`tokens-by-${by}`} />}>
        <Tabs tabs={GROUPS} selected={by} onSelect={(id) => setBy(id as GroupBy)} label="Group usage by" />
        <div role="tabpanel" id={`panel-${by}`} aria-labelledby={`tab-${by}`} className="tokens-tabpanel" data-testid={`by-${by}`}>
          <ClientTable
            rows={groups}
            columns={GROUP_COLUMNS}
            rowKey={(row) => row.key}
            caption={`Tokens and cost by ${by}`}
            pageSize={15}
            label={`By ${by}`}
            empty={<p className="muted">Nothing in this range.</p>}
          />
        </div>
      </Panel>
      <Panel title="Top 10 sessions by cost" actions={<CsvDownload rows={data.topSessions} columns={SESSION_COLUMNS} name="top-sessions" />}>
        <ClientTable rows={data.topSessions} columns={SESSION_COLUMNS} rowKey={(row) => row.key} caption="The ten costliest sessions" label="Top sessions" />
      </Panel>
    </>
  );
}

/** Local midnight of a period ('2026-03-04' or '2026-03'): the browser counts in the same zone as the API. */
function periodStart(period: string): number {
  const [y, m, d] = period.split('-').map(Number);
  return new Date(y, m - 1, d || 1).getTime();
}

function nextPeriod(ms: number, interval: Interval): number {
  const date = new Date(ms);
  if (interval === 'month') return new Date(date.getFullYear(), date.getMonth() + 1, 1).getTime();
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + (interval === 'week' ? 7 : 1)).getTime();
}

function UsageCharts({ periods, interval, per }: { periods: PeriodRow[]; interval: Interval; per: string }) {
  const { x, tokens, cost } = useMemo(() => {
    // Every period from the first to the last, so days without usage show as gaps of zero.
    const byStart = new Map(periods.map((p) => [periodStart(p.period), p]));
    const starts: number[] = [];
    if (periods.length) {
      const last = periodStart(periods[periods.length - 1].period);
      for (let t = periodStart(periods[0].period); t <= last && starts.length < 2000; t = nextPeriod(t, interval)) starts.push(t);
    }
    const totalCost = new Map<string, number>();
    const totalTokens = new Map<string, number>();
    for (const p of periods)
      for (const b of p.modelBreakdowns) {
        totalCost.set(b.modelName, (totalCost.get(b.modelName) ?? 0) + b.cost);
        totalTokens.set(b.modelName, (totalTokens.get(b.modelName) ?? 0) + breakdownTokens(b));
      }
    const models = [...totalTokens.keys()].sort((a, b) => (totalCost.get(b) ?? 0) - (totalCost.get(a) ?? 0) || (totalTokens.get(b) ?? 0) - (totalTokens.get(a) ?? 0));
    const shown = models.length > MAX_MODEL_SERIES ? models.slice(0, MAX_MODEL_SERIES - 1) : models;
    const rest = new Set(models.slice(shown.length));
    const seriesOf = (metric: (b: PeriodRow['modelBreakdowns'][number]) => number): ChartSeries[] => {
      const value = (t: number, match: (name: string) => boolean) => {
        const p = byStart.get(t);
        return p ? p.modelBreakdowns.filter((b) => match(b.modelName)).reduce((sum, b) => sum + metric(b), 0) : 0;
      };
      const series = shown.map((model) => ({ label: model, values: starts.map((t) => value(t, (name) => name === model)) }));
      if (rest.size) series.push({ label: `Other models (${rest.size})`, values: starts.map((t) => value(t, (name) => rest.has(name))) });
      return series;
    };
    return { x: starts, tokens: seriesOf(breakdownTokens), cost: seriesOf((b) => b.cost) };
  }, [periods, interval]);
  return (
    <div className="grid two">
      <Panel title="Tokens by model" note={`Input, output and cache tokens ${per}, stacked by model`}>
        <TimeChart x={x} series={tokens} kind="bars" stacked format={fmtCompact} label={`Tokens ${per}, stacked by model`} />
      </Panel>
      <Panel title="Cost by model" note={`US dollars ${per}, stacked by model`}>
        <TimeChart x={x} series={cost} kind="bars" stacked format={fmtUsd} label={`Cost ${per}, stacked by model`} />
      </Panel>
    </div>
  );
}

function breakdownTokens(b: PeriodRow['modelBreakdowns'][number]): number {
  return b.inputTokens + b.outputTokens + b.cacheCreationTokens + b.cacheReadTokens;
}

const PERIOD_COLUMNS: Array<ClientColumn<PeriodRow>> = [
  { key: 'period', label: 'Period', value: (r) => r.period, render: (r) => <span className="nowrap" data-period={r.period}>{r.period}</span> },
  {
    key: 'models',
    label: 'Models',
    value: (r) => r.modelsUsed.length,
    csv: (r) => r.modelsUsed.join(' '),
    render: (r) => (
      <span className="truncate tokens-models" title={r.modelsUsed.join(', ')}>
        {r.modelsUsed.join(', ')}
      </span>
    ),
  },
  { key: 'inputTokens', label: 'Input', align: 'right', value: (r) => r.inputTokens, render: (r) => fmtInt(r.inputTokens) },
  { key: 'outputTokens', label: 'Output', align: 'right', value: (r) => r.outputTokens, render: (r) => fmtInt(r.outputTokens) },
  { key: 'cacheCreationTokens', label: 'Cache write', align: 'right', value: (r) => r.cacheCreationTokens, render: (r) => fmtInt(r.cacheCreationTokens) },
  { key: 'cacheReadTokens', label: 'Cache read', align: 'right', value: (r) => r.cacheReadTokens, render: (r) => fmtInt(r.cacheReadTokens) },
  {
    key: 'totalTokens',
    label: 'Total tokens',
    align: 'right',
    value: (r) => r.totalTokens,
    render: (r) => (
      <span data-period-tokens={r.period} data-value={r.totalTokens}>
        {fmtInt(r.totalTokens)}
      </span>
    ),
  },
  {
    key: 'totalCost',
    label: 'Cost',
    align: 'right',
    value: (r) => r.totalCost,
    render: (r) => (
      <strong data-period-cost={r.period} data-value={r.totalCost}>
        {fmtUsd(r.totalCost)}
      </strong>
    ),
  },
];

const groupName = (key: string) => key || '(no project)';

const GROUP_COLUMNS: Array<ClientColumn<TokenGroup>> = [
  { key: 'key', label: 'Name', value: (r) => r.key, render: (r) => <span className="truncate group-name" title={groupName(r.key)} data-group={r.key}>{groupName(r.key)}</span> },
  { key: 'calls', label: 'Calls', align: 'right', value: (r) => r.calls, render: (r) => fmtInt(r.calls) },
  { key: 'inputTokens', label: 'Input', align: 'right', value: (r) => r.inputTokens, render: (r) => fmtCompact(r.inputTokens) },
  { key: 'outputTokens', label: 'Output', align: 'right', value: (r) => r.outputTokens, render: (r) => fmtCompact(r.outputTokens) },
  { key: 'cacheReadTokens', label: 'Cache read', align: 'right', value: (r) => r.cacheReadTokens, render: (r) => fmtCompact(r.cacheReadTokens) },
  { key: 'cacheCreationTokens', label: 'Cache write', align: 'right', value: (r) => r.cacheCreationTokens, render: (r) => fmtCompact(r.cacheCreationTokens) },
  { key: 'totalTokens', label: 'Total', align: 'right', value: (r) => r.totalTokens, render: (r) => fmtCompact(r.totalTokens) },
  { key: 'costUsd', label: 'Cost', align: 'right', value: (r) => r.costUsd, render: (r) => <strong data-group-cost={r.key} data-value={r.costUsd}>{fmtUsd(r.costUsd)}</strong> },
  { key: 'cacheHitRatio', label: 'Cache hit', align: 'right', value: (r) => r.cacheHitRatio, render: (r) => fmtPct(r.cacheHitRatio) },
];

type SessionGroup = TokensAnswer['topSessions'][number];

const SESSION_COLUMNS: Array<ClientColumn<SessionGroup>> = [
  {
    key: 'key',
    label: 'Session',
    value: (r) => r.key,
    sortable: false,
    render: (r) => (
      <Link href={`/sessions/${encodeURIComponent(r.key)}`} className="mono" data-top-session={r.key} title={`Open session ${r.key}`}>
        {r.key.slice(0, 8)}
      </Link>
    ),
  },
  { key: 'project', label: 'Project', value: (r) => r.project, render: (r) => <span className="truncate group-name" title={r.project ?? ''}>{r.project ?? '–'}</span> },
  ...GROUP_COLUMNS.slice(1).map((c) => (c.key === 'costUsd' ? { ...c, render: (r: SessionGroup) => <strong data-session-cost={r.key} data-value={r.costUsd}>{fmtUsd(r.costUsd)}</strong> } : c)),
];
