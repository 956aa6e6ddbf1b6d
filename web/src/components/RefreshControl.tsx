import { REFRESH_CHOICES, useRefresh } from '../lib/refresh';

/** Manual refresh, and auto-refresh off or every 1–60 s (URL `refresh`). */
export function RefreshControl({ fetching = false }: { fetching?: boolean }) {
  const { refresh, intervalSeconds, setIntervalSeconds } = useRefresh();
  return (
    <span className="btn-group">
      <button className="btn" type="button" onClick={refresh} aria-label="Refresh now" title="Refresh now">
        <span className={fetching ? 'spin' : ''} aria-hidden="true">
          ⟳
        </span>
      </button>
      <label className="sr-only" htmlFor="auto-refresh">
        Auto-refresh
      </label>
      <select id="auto-refresh" className="btn" value={intervalSeconds} onChange={(e) => setIntervalSeconds(Number(e.target.value))} data-testid="auto-refresh">
        {REFRESH_CHOICES.map((seconds) => (
          <option key={seconds} value={seconds}>
            {seconds === 0 ? 'Auto-refresh off' : `Every ${seconds}s`}
          </option>
        ))}
      </select>
    </span>
  );
}
