import { useState, type FormEvent } from 'react';
import { Loadable, Panel } from '../../components/Panel';
import { apiSend } from '../../lib/api';
import type { Role } from '../../lib/auth';
import { fmtTime } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { TextField, errorFor } from '../auth/fields';
import { useSubmit } from '../auth/use-submit';
import { CopyBox } from './CopyBox';
import { SaveRow } from './SaveRow';
import type { Invite } from './types';

const STATUS_TONE: Record<Invite['status'], string> = { open: 'accent', accepted: 'ok', revoked: '', expired: 'warn' };

/** Invite links: created here, shown once (only their hash is stored), listed and revocable. */
export function InvitesTab() {
  const invites = useApi<{ items: Invite[] }>('/team/invites');
  const submit = useSubmit();
  const [form, setForm] = useState<{ email: string; role: Role }>({ email: '', role: 'member' });
  const [link, setLink] = useState<string | null>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setLink(null);
    void submit.run(async () => {
      const created = await apiSend<{ url: string }>('POST', '/team/invites', { email: form.email.trim() || undefined, role: form.role });
      setLink(location.origin + created.url);
      setForm({ email: '', role: form.role });
      invites.reload();
    });
  };
  const revoke = (id: string) => void submit.run(async () => {
    await apiSend('DELETE', `/team/invites/${encodeURIComponent(id)}`);
    invites.reload();
  });
  return (
    <>
      <Panel title="Invite someone" id="invite-create" note="The link works once. With an email, only that address can use it.">
        <form className="settings-form" onSubmit={onSubmit} noValidate>
          <div className="form-row">
            <TextField label="Email (optional)" name="inviteEmail" type="email" value={form.email} onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))} error={errorFor(submit.error, 'email')} />
            <div className="form-field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" className="input" value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}>
                <option value="member">member</option>
                <option value="viewer">viewer</option>
                <option value="admin">admin</option>
              </select>
            </div>
          </div>
          <SaveRow submit={submit} saved={false} fields={['email']} label="Create invite link" />
        </form>
        {link && (
          <div className="once" data-testid="invite-link-box">
            <h3>Invite link</h3>
            <p>Send this link to the person you invite. It is shown only now: copy it before leaving this page.</p>
            <CopyBox label="Invite link" value={link} testId="invite-link" />
          </div>
        )}
      </Panel>
      <Panel title="Invites" id="invites">
        <Loadable state={invites}>
          {({ items }) =>
            items.length === 0 ? (
              <p className="muted">No invites yet.</p>
            ) : (
              <div className="table-wrap">
                <table className="data" data-testid="invites-table">
                  <thead>
                    <tr>
                      <th scope="col">For</th>
                      <th scope="col">Role</th>
                      <th scope="col">Status</th>
                      <th scope="col">Created</th>
                      <th scope="col">Expires</th>
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((invite) => (
                      <tr key={invite.id}>
                        <td>{invite.email ?? <span className="muted">anyone with the link</span>}</td>
                        <td>{invite.role}</td>
                        <td>
                          <span className={`badge ${STATUS_TONE[invite.status]}`}>{invite.status}</span>
                        </td>
                        <td className="nowrap">{fmtTime(invite.createdAt)}</td>
                        <td className="nowrap">{fmtTime(invite.expiresAt)}</td>
                        <td className="row-actions">
                          {invite.status === 'open' && (
                            <button className="btn" type="button" onClick={() => revoke(invite.id)} disabled={submit.busy}>
                              Revoke
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loadable>
      </Panel>
    </>
  );
}
