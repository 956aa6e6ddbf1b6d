export interface Kpi {
  value: number;
  previous: number;
  changePct: number | null;
}

/** A headline number with its change against the previous period. `goodWhen` says which direction is good. */
export function KpiCard({ label, kpi, format, goodWhen = 'up', testId }: { label: string; kpi: Kpi | number; format: (v: number) => string; goodWhen?: 'up' | 'down' | 'neither'; testId?: string }) {
  const value = typeof kpi === 'number' ? kpi : kpi.value;
  const change = typeof kpi === 'number' ? undefined : kpi.changePct;
  return (
    <div className="panel kpi" data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" data-value={value}>
        {format(value)}
      </div>
      {change !== undefined && <Delta changePct={change} goodWhen={goodWhen} />}
    </div>
  );
}

function Delta({ changePct, goodWhen }: { changePct: number | null; goodWhen: 'up' | 'down' | 'neither' }) {
  if (changePct === null) return <div className="delta flat">no previous data</div>;
  const direction = changePct > 0 ? 'up' : changePct < 0 ? 'down' : 'flat';
  const good = goodWhen === 'neither' || direction === 'flat' ? 'flat' : direction === goodWhen ? 'up' : 'down';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '•';
  return (
    <div className={`delta ${good}`}>
      {arrow} {Math.abs(changePct).toFixed(1)}% <span className="muted">vs previous period</span>
    </div>
  );
}
