import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryParams } from './router';

/**
 * One refresh clock for the page: the manual refresh button and the auto-refresh interval (URL
 * `refresh`, 1–60 s) both advance `tick`, and every data hook refetches when it changes.
 */
interface RefreshState {
  tick: number;
  intervalSeconds: number;
  refresh: () => void;
  setIntervalSeconds: (seconds: number) => void;
}

const RefreshContext = createContext<RefreshState>({ tick: 0, intervalSeconds: 0, refresh: () => {}, setIntervalSeconds: () => {} });

export const REFRESH_CHOICES = [0, 1, 5, 10, 30, 60] as const;

export function RefreshProvider({ children }: { children: ReactNode }) {
  const [search, setParams] = useQueryParams();
  const [tick, setTick] = useState(0);
  const raw = Number(search.get('refresh') ?? 0);
  const intervalSeconds = Number.isFinite(raw) && raw >= 1 && raw <= 60 ? Math.round(raw) : 0;
  useEffect(() => {
    if (!intervalSeconds) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, intervalSeconds * 1000);
    return () => clearInterval(timer);
  }, [intervalSeconds]);
  const value: RefreshState = {
    tick,
    intervalSeconds,
    refresh: () => setTick((t) => t + 1),
    setIntervalSeconds: (seconds) => setParams({ refresh: seconds ? String(seconds) : undefined }),
  };
  return <RefreshContext.Provider value={value}>{children}</RefreshContext.Provider>;
}

export function useRefresh(): RefreshState {
  return useContext(RefreshContext);
}
