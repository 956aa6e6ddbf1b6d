import './demo.css';
import { useState } from 'react';
import { changeDemo, reloadPage, type DemoStatus } from '../lib/demo';
import { useApi } from '../lib/use-api';

/**
 * "Load demo data" for empty states: generates a few dozen realistic Claude Code sessions over the
 * last two weeks (the newest still running), marked as demo and removable in one click. Renders
 * nothing while demo data is already loaded (the DemoBanner says so instead).
 */
export function DemoOffer({ compact = false, message }: { compact?: boolean; message?: string }) {
  const status = useApi<DemoStatus>('/demo');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (status.data?.loaded) return null;
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      await changeDemo('POST');
      reloadPage();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className={`demo-offer ${compact ? 'compact' : ''}`} data-testid="demo-offer">
      {!compact && <p className="muted">{message ?? 'No agent data on this machine yet? Explore Sightline with generated sessions first.'}</p>}
      <button className="btn primary" type="button" onClick={load} disabled={busy} aria-busy={busy}>
        {busy ? 'Loading demo data…' : 'Load demo data'}
      </button>
      {!compact && <p className="muted small">Demo sessions are marked “demo” everywhere and removed with one click.</p>}
      {error && (
        <div className="notice error" role="alert">
          Could not load demo data: {error}
        </div>
      )}
    </div>
  );
}
