/** Context-window use: the bar turns amber at 80%, orange at 90%, red at 95%. */
export function contextLevel(pct: number): 'ok' | 'warning' | 'high' | 'critical' {
  return pct >= 95 ? 'critical' : pct >= 90 ? 'high' : pct >= 80 ? 'warning' : 'ok';
}

export function Gauge({ pct, label }: { pct: number; label: string }) {
  const clamped = Math.max(0, Math.min(100, pct));
  return (
    <div className={`gauge ${contextLevel(pct)}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped)} aria-valuetext={`${pct.toFixed(1)}%`}>
      <span style={{ width: `${clamped}%` }} />
    </div>
  );
}
