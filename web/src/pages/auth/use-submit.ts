import { useEffect, useState } from 'react';
import { ApiFailure } from '../../lib/api';

export interface Submit {
  busy: boolean;
  error: ApiFailure | null;
  /** seconds left before a throttled form may be sent again (429 answers) */
  waitSeconds: number;
  run: (work: () => Promise<void>) => Promise<void>;
  fail: (field: string, message: string) => void;
}

/** Sending a form: busy while in flight, the API's error (with its field), a countdown after 429. */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [until, now]);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      const failure = e instanceof ApiFailure ? e : new ApiFailure(0, 'client', (e as Error).message);
      if (failure.status === 429) {
        setUntil(Date.now() + (failure.retryAfterSeconds ?? 60) * 1000);
        setNow(Date.now());
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const fail = (field: string, message: string) => setError(new ApiFailure(400, 'bad_request', message, field));
  return { busy, error, waitSeconds: Math.max(0, Math.ceil((until - now) / 1000)), run, fail };
}

/** "2:05" */
export function fmtWait(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
