import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { EmptyState } from '../../components/Panel';
import { fmtCompact, fmtInt, fmtTime } from '../../lib/format';
import { cssVar, useTheme } from '../../lib/theme';
import { shortModel } from './format';
import type { SessionContext } from './types';

/**
 * Context-window pressure over the session: one point per main-conversation model call, as percent
 * of that call's model window, with the 80/90/95 % thresholds dashed and compactions as vertical
 * lines labelled with their pre → post tokens. The legend shows the value under the cursor.
 */
export function ContextChart({ context, onSelect }: { context: SessionContext; onSelect: (eventId: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  const { points, compactions, thresholds } = context;
  const peak = useMemo(() => points.reduce((max, p) => Math.max(max, p.pct), 0), [points]);

  useEffect(() => {
    const element = host.current;
    if (!element || points.length === 0) return;
    const text = cssVar('--muted');
    const grid = cssVar('--grid');
    const accent = cssVar('--accent');
    const lineColor = cssVar('--ok');
    const levels: Array<[number, string]> = [
      [thresholds.warning, cssVar('--warn')],
      [thresholds.high, cssVar('--high')],
      [thresholds.critical, cssVar('--bad')],
    ];
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const xs = points.map((p) => p.ts / 1000);
    // compactions after the last call (or before the first) stay in view
    const xMin = Math.min(xs[0], ...compactions.map((c) => c.ts / 1000));
    const xMax = Math.max(xs[xs.length - 1], ...compactions.map((c) => c.ts / 1000));
    const ys = points.map((p) => p.pct);
    const opts: uPlot.Options = {
      width: element.clientWidth || 600,
      height: 220,
      cursor: { points: { size: 6 } },
      legend: { live: true },
      // Near the window the thresholds are in view; a session far from it is charted on its own scale.
      scales: { x: { time: true, range: (_u, min, max) => {
            const lo = Math.min(min, xMin);
            const hi = Math.max(max, xMax);
            return hi > lo ? [lo, hi] : [lo - 60, hi + 60];
          },
        }, y: { range: (_u, _min, max) => [0, max >= 60 ? Math.max(100, Math.ceil((max * 1.08) / 10) * 10) : Math.max(5, Math.ceil((max * 1.3) / 5) * 5)] } },
      axes: [axis, { ...axis, size: 52, values: (_u, ticks) => ticks.map((t) => `${t}%`) }],
      series: [
        { value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' },
        {
          label: 'Context used',
          stroke: lineColor,
          width: 1.5,
          fill: lineColor + '22',
          points: { show: points.length <= 60, size: 4 },
          value: (_u: uPlot, _v: number | null, _s: number, index: number | null) => {
            const p = index === null ? undefined : points[index];
            return p ? `${p.pct}% · ${fmtCompact(p.tokens)} of ${fmtCompact(p.window)} (${shortModel(p.model)})` : '–';
          },
        },
      ],
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            const { left, top, width, height } = u.bbox;
            const ratio = devicePixelRatio || 1;
            ctx.save();
            ctx.lineWidth = ratio;
            ctx.setLineDash([5 * ratio, 4 * ratio]);
            ctx.font = `${11 * ratio}px system-ui, sans-serif`;
            let lastLabelY = -Infinity;
            for (const [pct, color] of levels) {
              const y = u.valToPos(pct, 'y', true);
              if (y < top || y > top + height) continue;
              ctx.strokeStyle = color;
              ctx.beginPath();
              ctx.moveTo(left, y);
              ctx.lineTo(left + width, y);
              ctx.stroke();
              // labels only where they do not overlap (the lines are 5 points apart)
              if (Math.abs(lastLabelY - y) < 12 * ratio) continue;
              lastLabelY = y;
              ctx.fillStyle = color;
              ctx.fillText(`${pct}%`, left + width - 30 * ratio, y - 3 * ratio);
            }
            ctx.setLineDash([]);
            ctx.strokeStyle = accent;
            ctx.fillStyle = accent;
            ctx.lineWidth = 2 * ratio;
            for (const c of compactions) {
              const x = u.valToPos(c.ts / 1000, 'x', true);
              if (x < left || x > left + width) continue;
              ctx.beginPath();
              ctx.moveTo(x, top);
              ctx.lineTo(x, top + height);
              ctx.stroke();
              const label = `compacted ${fmtCompact(c.preTokens)} → ${fmtCompact(c.postTokens)}`;
              const w = ctx.measureText(label).width;
              ctx.fillText(label, Math.min(x + 4 * ratio, left + width - w), top + 12 * ratio);
            }
            ctx.restore();
          },
        ],
      },
    };
    const plot = new uPlot(opts, [xs, ys], element);
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points, compactions, thresholds, theme]);

  if (points.length === 0) {
    return <EmptyState title="No model calls yet">Context-window use appears here after the session's first model call.</EmptyState>;
  }
  const current = context.current;
  return (
    <>
      <div
        ref={host}
        className="chart"
        role="img"
        aria-label={`Context window use over ${points.length} model calls: latest ${current?.pct ?? 0}%, peak ${peak}%, ${compactions.length} compaction(s)`}
        data-testid="context-chart"
      />
      <p className="panel-note ctx-key">
        <span className="ctx-swatch line" aria-hidden="true" /> context used (% of the model's window) · <span className="ctx-swatch dashed" aria-hidden="true" /> {thresholds.warning}/{thresholds.high}/
        {thresholds.critical}% thresholds{peak < 60 ? ' (above this scale)' : ''} · <span className="ctx-swatch compaction" aria-hidden="true" /> compaction ·{' '}
        <span data-testid="context-peak">
          peak {peak}%, latest {current?.pct ?? 0}%
        </span>
      </p>
      {compactions.length > 0 && (
        <ul className="ctx-compactions" aria-label="Compactions">
          {compactions.map((c) => (
            <li key={c.eventId}>
              <button type="button" className="link-button" onClick={() => onSelect(c.eventId)} data-testid="compaction">
                Compaction at {fmtTime(c.ts)} ({c.trigger ?? 'unknown trigger'}): {fmtInt(c.preTokens)} → {fmtInt(c.postTokens)} tokens
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
