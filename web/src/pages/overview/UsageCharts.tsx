import { useMemo } from 'react';
import { Panel } from '../../components/Panel';
import { TimeChart, type ChartSeries } from '../../components/TimeChart';
import { fmtCompact, fmtInt, fmtUsd } from '../../lib/format';
import type { OverviewAnswer } from './types';

type Series = OverviewAnswer['series'];

/** Models ordered by their total of `metric` over the range, biggest first (the bottom of the stack). */
function modelSeries(series: Series, metric: 'tokens' | 'costUsd'): ChartSeries[] {
  const totals = new Map<string, number>();
  for (const point of series) for (const [model, usage] of Object.entries(point.byModel)) totals.set(model, (totals.get(model) ?? 0) + usage[metric]);
  return [...totals.entries()]
    .filter(([, total]) => total > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([model]) => ({ label: model, values: series.map((point) => point.byModel[model]?.[metric] ?? 0) }));
}

export function UsageCharts({ series, bucket }: { series: Series; bucket: 'hour' | 'day' }) {
  const x = useMemo(() => series.map((point) => point.bucket), [series]);
  const tokens = useMemo(() => modelSeries(series, 'tokens'), [series]);
  const cost = useMemo(() => modelSeries(series, 'costUsd'), [series]);
  const activity = useMemo<ChartSeries[]>(
    () => [
      { label: 'Prompts', values: series.map((point) => point.prompts) },
      { label: 'Sessions', values: series.map((point) => point.sessions) },
    ],
    [series],
  );
  const per = bucket === 'hour' ? 'per hour' : 'per day';
  return (
    <>
      <div className="grid two">
        <Panel title="Tokens by model" note={`Input, output and cache tokens ${per}, stacked by model`}>
          <TimeChart x={x} series={tokens} kind="area" stacked format={fmtCompact} label={`Tokens ${per}, stacked by model`} />
        </Panel>
        <Panel title="Cost by model" note={`US dollars ${per}, stacked by model`}>
          <TimeChart x={x} series={cost} kind="bars" stacked format={fmtUsd} label={`Cost ${per}, stacked by model`} />
        </Panel>
      </div>
      <Panel title="Prompts and sessions" note={`Prompts sent and sessions active ${per}`}>
        <TimeChart x={x} series={activity} kind="line" format={fmtInt} height={200} label={`Prompts and sessions ${per}`} />
      </Panel>
    </>
  );
}
