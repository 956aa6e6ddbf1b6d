import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cssVar, seriesColor, useTheme } from '../lib/theme';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color?: string;
}

export interface TimeChartProps {
  /** x values, epoch ms */
  x: number[];
  series: ChartSeries[];
  kind?: 'line' | 'area' | 'bars';
  /** stack the series (areas or bars); legend and hover still show each series' own value */
  stacked?: boolean;
  height?: number;
  format?: (value: number) => string;
  /** accessible description of what the chart shows */
  label: string;
}

/**
 * Time series on canvas with uPlot: smooth at tens of thousands of points, with a legend that shows
 * each series' value under the cursor and toggles a series on click.
 */
export function TimeChart({ x, series, kind = 'line', stacked = false, height = 220, format = String, label }: TimeChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const plot = new uPlot(chartOptions({ series, kind, stacked, height, format, width: element.clientWidth || 600 }), chartData(x, series, stacked), element);
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, kind, stacked, height, format, theme]);
  return <div ref={host} className="chart" role="img" aria-label={label} />;
}

/** Stacked series become running sums, drawn largest first so each band shows. */
function chartData(x: number[], series: ChartSeries[], stacked: boolean): uPlot.AlignedData {
  const xs = x.map((ms) => ms / 1000);
  if (!stacked) return [xs, ...series.map((s) => s.values)];
  const sums: number[][] = [];
  let running = x.map(() => 0);
  for (const s of series) {
    running = running.map((total, i) => total + (s.values[i] ?? 0));
    sums.push(running);
  }
  return [xs, ...sums.reverse()];
}

interface OptionsInput {
  series: ChartSeries[];
  kind: 'line' | 'area' | 'bars';
  stacked: boolean;
  height: number;
  width: number;
  format: (value: number) => string;
}

function chartOptions({ series, kind, stacked, height, width, format }: OptionsInput): uPlot.Options {
  const ordered = stacked ? [...series.map((s, i) => ({ s, i }))].reverse() : series.map((s, i) => ({ s, i }));
  const text = cssVar('--muted');
  const grid = cssVar('--grid');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return {
    width,
    height,
    cursor: { points: { size: 6 } },
    legend: { live: true },
    scales: { x: { time: true } },
    axes: [axis, { ...axis, size: 60, values: (_u, ticks) => ticks.map((t) => format(t)) }],
    series: [
      { value: '{YYYY}-{MM}-{DD} {HH}:{mm}' },
      ...ordered.map(({ s, i }) => {
        const color = s.color ?? seriesColor(i);
        return {
          label: s.label,
          stroke: color,
          width: kind === 'bars' ? 0 : 1.5,
          fill: kind === 'line' ? undefined : kind === 'bars' ? color : color + '55',
          paths: kind === 'bars' ? uPlot.paths.bars!({ size: [0.7, 40], gap: 1 }) : undefined,
          points: { show: false },
          // The legend shows the series' own value, not the stacked running sum.
          value: (_u: uPlot, _v: number | null, _sidx: number, index: number | null) => {
            const own = index === null ? null : s.values[index];
            return own === null || own === undefined ? '–' : format(own);
          },
        } satisfies uPlot.Series;
      }),
    ],
  };
}
