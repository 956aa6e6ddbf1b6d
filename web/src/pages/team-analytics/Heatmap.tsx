import { fmtInt } from '../../lib/format';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * Hour × weekday activity as a real table: screen readers get row and column headers and each cell's
 * count as text; the color is only an extra cue (and the legend says what it means).
 */
export function Heatmap({ counts, timezone }: { counts: number[][]; timezone: string }) {
  const max = Math.max(1, ...counts.flat());
  return (
    <div className="table-wrap heatmap-wrap">
      <table className="heatmap" data-testid="heatmap">
        <caption className="sr-only">Events per weekday and hour of day, in {timezone}</caption>
        <thead>
          <tr>
            <td />
            {HOURS.map((h) => (
              <th key={h} scope="col" abbr={`${h}:00`}>
                {h % 3 === 0 ? h : <span className="sr-only">{h}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DAYS.map((day, d) => (
            <tr key={day}>
              <th scope="row" abbr={day}>
                {day.slice(0, 3)}
              </th>
              {HOURS.map((h) => {
                const value = counts[d]?.[h] ?? 0;
                // a square-root scale: a few busy hours do not wash out the rest
                const level = value === 0 ? 0 : 0.12 + 0.88 * Math.sqrt(value / max);
                return (
                  <td key={h} title={`${day} ${h}:00–${h + 1}:00: ${fmtInt(value)} events`} data-day={d} data-hour={h} data-value={value} style={{ ['--level' as string]: level }}>
                    <span className="sr-only">{fmtInt(value)}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted heatmap-legend">
        Stronger color: more events (agent activity) in that hour, {timezone}. Peak: {fmtInt(max)} events in one hour slot.
      </p>
    </div>
  );
}
