import { useEffect, useRef, useState } from 'react';
import { apiGet, type ApiFailure, type Params } from './api';
import { useRefresh } from './refresh';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiFailure | undefined;
  /** true until the first answer for the current request arrives */
  loading: boolean;
  /** true while any request (including a background refresh) is in flight */
  fetching: boolean;
  reload: () => void;
}

/**
 * GET an API path; refetches when the path or params change and on every refresh tick. A refresh
 * keeps showing the previous answer until the new one arrives, so auto-refresh never flashes.
 */
export function useApi<T>(path: string | null, params: Params = {}): ApiState<T> {
  const { tick } = useRefresh();
  const [reloads, setReloads] = useState(0);
  const key = path === null ? null : path + '\u0000' + JSON.stringify(params);
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiFailure; fetching: boolean }>({ key: null, fetching: false });
  const latestKey = useRef(key);
  latestKey.current = key;

  useEffect(() => {
    if (path === null || key === null) return;
    const abort = new AbortController();
    setState((previous) => ({ ...previous, fetching: true }));
    apiGet<T>(path, params, abort.signal).then(
      (data) => latestKey.current === key && setState({ key, data, fetching: false }),
      (error: Error) => {
        if (error.name === 'AbortError') return;
        if (latestKey.current === key) setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, error: error as ApiFailure, fetching: false }));
      },
    );
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick, reloads]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current || (state.data === undefined && state.error === undefined),
    fetching: state.fetching,
    reload: () => setReloads((n) => n + 1),
  };
}
