import { useMemo } from 'react';
import { ChoiceGroup, ClientTable, type ClientColumn } from '../../components/ClientTable';
import { KpiCard } from '../../components/KpiCard';
import { EmptyState, Loadable, Panel, Skeleton } from '../../components/Panel';
import { TimeChart, type ChartSeries } from '../../components/TimeChart';
import { fmtCompact, fmtInt, fmtUsd } from '../../lib/format';
import { Link, useQueryParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import type { MyTokens, TokenFigures } from './types';

const WINDOWS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
] as const;
type Window = (typeof WINDOWS)[number]['value'];
const DAY = 86_400_000;

/** The caller's tokens and cost: lifetime totals, a daily chart by model, by model, the ten costliest sessions. */
export function TokensTab() {
  const [search, setParams] = useQueryParams();
  const window: Window = WINDOWS.find((w) => w.value === search.get('window'))?.value ?? '7';
  const tokens = useApi<MyTokens>('/me/stats/tokens', { window });
  return (
    <>
      <div className="filters me-filters">
        <ChoiceGroup label="Window" value={window} choices={[...WINDOWS]} onChange={(value) => setParams({ window: value === '7' ? undefined : value })} testId="token-window" />
        <span className="muted">Whole UTC days, today included</span>
      </div>
      <Loadable state={tokens} skeleton={<Skeleton height={90} count={3} />}>
        {(data) => <TokensContent data={data} />}
      </Loadable>
    </>
  );
}

function TokensContent({ data }: { data: MyTokens }) {
  const { lifetime } = data;
  const windowCost = data.byModel.reduce((sum, m) => sum + m.costUsd, 0);
  const windowTokens = data.byModel.reduce((sum, m) => sum + m.totalTokens, 0);
  return (
    <>
      <h3 className="me-subhead">Lifetime</h3>
      <div className="grid kpis me-kpis">
        <KpiCard label="Sessions" kpi={lifetime.sessions} format={fmtInt} testId="life-sessions" />
        <KpiCard label="Input" kpi={lifetime.inputTokens} format={fmtCompact} testId="life-input" />
        <KpiCard label="Output" kpi={lifetime.outputTokens} format={fmtCompact} testId="life-output" />
        <KpiCard label="Cache read" kpi={lifetime.cacheReadTokens} format={fmtCompact} testId="life-cache-read" />
        <KpiCard label="Cache creation" kpi={lifetime.cacheCreationTokens} format={fmtCompact} testId="life-cache-creation" />
        <KpiCard label="Cost" kpi={lifetime.costUsd} format={fmtUsd} testId="life-cost" />
      </div>
      <h3 className="me-subhead">
        Last {data.windowDays} days: <span data-testid="window-tokens" data-value={windowTokens}>{fmtCompact(windowTokens)} tokens</span>,{' '}
        <span data-testid="window-cost" data-value={windowCost}>{fmtUsd(windowCost)}</span>
      </h3>
      {data.daily.length === 0 ? (
        <EmptyState title={`No usage in the last ${data.windowDays} days`}>Pick a longer window above.</EmptyState>
      ) : (
        <>
          <DailyCharts data={data} />
          <div className="me-stack">
            <Panel title="By model" id="my-models">
              <ClientTable rows={data.byModel} columns={MODEL_COLUMNS} rowKey={(r) => r.model} caption="My tokens and cost by model" label="By model" pageSize={10} />
            </Panel>
            <Panel title="Top 10 sessions by cost" id="my-top-sessions">
              <ClientTable rows={data.topSessions} columns={SESSION_COLUMNS} rowKey={(r) => r.sessionId} caption="My ten costliest sessions in the window" label="Top sessions" />
            </Panel>
          </div>
        </>
      )}
    </>
  );
}

/** One bar per UTC day, stacked by model: tokens and cost side by side. */
function DailyCharts({ data }: { data: MyTokens }) {
  const { x, tokens, cost } = useMemo(() => {
    const days: number[] = [];
    for (let t = data.from; t < data.to; t += DAY) days.push(t);
    const models = data.byModel.map((m) => m.model);
    const seriesOf = (metric: (f: TokenFigures) => number): ChartSeries[] =>
      models.map((model) => {
        const byDay = new Map(data.daily.filter((d) => d.model === model).map((d) => [Date.parse(`${d.day}T00:00:00Z`), metric(d)]));
        return { label: model, values: days.map((t) => byDay.get(t) ?? 0) };
      });
    return { x: days, tokens: seriesOf((f) => f.totalTokens), cost: seriesOf((f) => f.costUsd) };
  }, [data]);
  return (
    <div className="grid two">
      <Panel title="Tokens per day" note="Input, output and cache tokens, stacked by model">
        <TimeChart x={x} series={tokens} kind="bars" stacked format={fmtCompact} label="My tokens per day, stacked by model" />
      </Panel>
      <Panel title="Cost per day" note="US dollars, stacked by model">
        <TimeChart x={x} series={cost} kind="bars" stacked format={fmtUsd} label="My cost per day, stacked by model" />
      </Panel>
    </div>
  );
}

const FIGURE_COLUMNS = <T extends TokenFigures>(): Array<ClientColumn<T>> => [
  { key: 'inputTokens', label: 'Input', align: 'right', value: (r) => r.inputTokens, render: (r) => fmtCompact(r.inputTokens) },
  { key: 'outputTokens', label: 'Output', align: 'right', value: (r) => r.outputTokens, render: (r) => fmtCompact(r.outputTokens) },
  { key: 'cacheReadTokens', label: 'Cache read', align: 'right', value: (r) => r.cacheReadTokens, render: (r) => fmtCompact(r.cacheReadTokens) },
  { key: 'cacheCreationTokens', label: 'Cache write', align: 'right', value: (r) => r.cacheCreationTokens, render: (r) => fmtCompact(r.cacheCreationTokens) },
];

type ModelRow = MyTokens['byModel'][number];
const MODEL_COLUMNS: Array<ClientColumn<ModelRow>> = [
  { key: 'model', label: 'Model', value: (r) => r.model, render: (r) => <span className="truncate me-name" title={r.model}>{r.model}</span> },
  { key: 'calls', label: 'Calls', align: 'right', value: (r) => r.calls, render: (r) => fmtInt(r.calls) },
  ...FIGURE_COLUMNS<ModelRow>(),
  { key: 'costUsd', label: 'Cost', align: 'right', value: (r) => r.costUsd, render: (r) => <strong data-my-model-cost={r.model} data-value={r.costUsd}>{fmtUsd(r.costUsd)}</strong> },
];

type SessionRow = MyTokens['topSessions'][number];
const SESSION_COLUMNS: Array<ClientColumn<SessionRow>> = [
  {
    key: 'sessionId',
    label: 'Session',
    sortable: false,
    value: (r) => r.sessionId,
    render: (r) => (
      <Link href={`/sessions/${encodeURIComponent(r.sessionId)}`} className="mono" title={`Open session ${r.sessionId}`}>
        {r.sessionId.slice(0, 8)}
      </Link>
    ),
  },
  { key: 'project', label: 'Project', value: (r) => r.project, render: (r) => <span className="truncate me-name" title={r.project ?? ''}>{r.project ?? '–'}</span> },
  { key: 'totalTokens', label: 'Tokens', align: 'right', value: (r) => r.totalTokens, render: (r) => fmtCompact(r.totalTokens) },
  { key: 'costUsd', label: 'Cost', align: 'right', value: (r) => r.costUsd, render: (r) => <strong data-my-top-cost={r.sessionId} data-value={r.costUsd}>{fmtUsd(r.costUsd)}</strong> },
];
