import './demo.css';
import { useState } from 'react';
import { changeDemo, reloadPage, type DemoStatus } from '../lib/demo';
import { fmtInt } from '../lib/format';
import { useApi } from '../lib/use-api';

/** Shown on every page while demo data is loaded, with the one-click removal. */
export function DemoBanner() {
  const status = useApi<DemoStatus>('/demo');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!status.data?.loaded) return null;
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await changeDemo('DELETE');
      reloadPage();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="notice warn demo-banner" role="status" data-testid="demo-banner">
      <span className="badge demo">demo</span>
      <span>
        Demo data is loaded: {fmtInt(status.data.sessions)} generated sessions ({fmtInt(status.data.events)} events), marked “demo”. Your own sessions are shown alongside.
      </span>
      <button className="btn" type="button" onClick={remove} disabled={busy} aria-busy={busy}>
        {busy ? 'Removing…' : 'Remove demo data'}
      </button>
      {error && (
        <span className="muted" role="alert">
          Could not remove it: {error}
        </span>
      )}
    </div>
  );
}
