import { useState, type FormEvent } from 'react';
import { Loadable, Panel } from '../../components/Panel';
import { apiSend } from '../../lib/api';
import type { Me } from '../../lib/auth';
import { fmtTime } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { TextField, errorFor } from '../auth/fields';
import { useSubmit } from '../auth/use-submit';
import { CopyBox } from './CopyBox';
import { KeyLines } from './KeyLines';
import { SaveRow } from './SaveRow';
import type { ApiKey } from './types';

type Scope = ApiKey['scopes'][number];

/** Your API keys (admins: and the team's): created with scopes, the secret shown once, revocable. */
export function KeysTab({ me }: { me: Me }) {
  const keys = useApi<{ keys: ApiKey[] }>('/keys');
  const submit = useSubmit();
  const viewer = me.role === 'viewer';
  const [form, setForm] = useState<{ name: string; scopes: Scope[]; team: boolean }>({ name: '', scopes: viewer ? ['read'] : ['ingest'], team: false });
  const [created, setCreated] = useState<{ secret: string; scopes: Scope[] } | null>(null);
  const toggleScope = (scope: Scope) => setForm((f) => ({ ...f, scopes: f.scopes.includes(scope) ? f.scopes.filter((s) => s !== scope) : [...f.scopes, scope] }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    if (form.scopes.length === 0) return submit.fail('scopes', 'choose at least one scope');
    void submit.run(async () => {
      const answer = await apiSend<{ key: ApiKey; secret: string }>('POST', '/keys', { name: form.name, scopes: form.scopes, team: form.team || undefined });
      setCreated({ secret: answer.secret, scopes: answer.key.scopes });
      setForm((f) => ({ ...f, name: '' }));
      keys.reload();
    });
  };
  const revoke = (id: string) => void submit.run(async () => {
    await apiSend('DELETE', `/keys/${encodeURIComponent(id)}`);
    keys.reload();
  });
  return (
    <>
      <Panel title="Create an API key" id="key-create" note="Hooks, OpenTelemetry, the event API and sightline agent send data with an ingest key; scripts read with a read key.">
        <form className="settings-form" onSubmit={onSubmit} noValidate>
          <TextField label="Name" name="keyName" placeholder="laptop agent" value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} error={errorFor(submit.error, 'name')} />
          <fieldset className="form-field plain-fieldset" aria-describedby={submit.error?.field === 'scopes' ? 'scopes-error' : undefined}>
            <legend className="field-label">Scopes</legend>
            <label className="check">
              <input type="checkbox" checked={form.scopes.includes('ingest')} disabled={viewer} onChange={() => toggleScope('ingest')} />
              <span>
                ingest <small>{viewer ? 'viewers may create read keys only' : 'send sessions and events'}</small>
              </span>
            </label>
            <label className="check">
              <input type="checkbox" checked={form.scopes.includes('read')} onChange={() => toggleScope('read')} />
              <span>
                read <small>read the API (sessions, analytics)</small>
              </span>
            </label>
            {errorFor(submit.error, 'scopes') && (
              <div id="scopes-error" className="field-error" role="alert">
                {errorFor(submit.error, 'scopes')}
              </div>
            )}
          </fieldset>
          {me.role === 'admin' && (
            <label className="check">
              <input type="checkbox" checked={form.team} onChange={(e) => setForm((f) => ({ ...f, team: e.target.checked }))} />
              <span>
                Team key <small>belongs to no person (a shared CI machine): what it sends is the team’s</small>
              </span>
            </label>
          )}
          <SaveRow submit={submit} saved={false} fields={['name', 'scopes', 'team']} label="Create key" />
        </form>
        {created && (
          <div className="once" data-testid="key-secret-box">
            <h3>Your new key</h3>
            <p>Copy it now: it is shown only this once (the server keeps only its hash).</p>
            <CopyBox label="API key" value={created.secret} testId="key-secret" />
            <KeyLines secret={created.secret} scopes={created.scopes} />
          </div>
        )}
      </Panel>
      <Panel title={me.role === 'admin' ? 'Your keys and the team’s' : 'Your keys'} id="keys">
        <Loadable state={keys}>{(answer) => <KeyTable keys={answer.keys} onRevoke={revoke} busy={submit.busy} />}</Loadable>
      </Panel>
    </>
  );
}

function KeyTable({ keys, onRevoke, busy }: { keys: ApiKey[]; onRevoke: (id: string) => void; busy: boolean }) {
  if (keys.length === 0) return <p className="muted">No keys yet.</p>;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="keys-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Owner</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id}>
              <td>
                {key.name} <span className="muted mono">{key.id}</span>
              </td>
              <td>{key.scopes.join(', ')}</td>
              <td>{key.team ? 'team' : 'you'}</td>
              <td className="nowrap">{fmtTime(key.createdAt)}</td>
              <td className="nowrap">{key.lastUsedAt ? fmtTime(key.lastUsedAt) : 'never'}</td>
              <td className="row-actions">
                {key.revokedAt ? (
                  <span className="badge">revoked</span>
                ) : (
                  <button className="btn" type="button" onClick={() => onRevoke(key.id)} disabled={busy} aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
