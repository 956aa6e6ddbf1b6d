import { useState } from 'react';
import { Loadable, Panel } from '../../components/Panel';
import { apiSend } from '../../lib/api';
import type { Me, Role } from '../../lib/auth';
import { fmtDate, fmtTime } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { FormAlert } from '../auth/FormAlert';
import { useSubmit } from '../auth/use-submit';
import type { Member } from './types';

const ROLES: Role[] = ['admin', 'member', 'viewer'];
const LAST_ADMIN = 'The team needs at least one admin: make someone else admin first.';

/** Members with their roles (admins change roles and remove members; the last admin stays). */
export function MembersTab({ me }: { me: Me }) {
  const members = useApi<{ items: Member[] }>('/team/members');
  const submit = useSubmit();
  const [removing, setRemoving] = useState<string | null>(null);
  const change = (work: () => Promise<unknown>) => submit.run(async () => {
    await work();
    members.reload();
  });
  return (
    <Panel title="Members" id="members" note="Admins manage the team; members see team sessions and share their own; viewers only read.">
      <FormAlert submit={submit} fields={[]} />
      <Loadable state={members}>
        {({ items }) => {
          const admins = items.filter((m) => m.role === 'admin').length;
          return (
            <div className="table-wrap">
              <table className="data" data-testid="members-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Member since</th>
                    <th scope="col">Last sign-in</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((m) => {
                    const lastAdmin = m.role === 'admin' && admins <= 1;
                    return (
                      <tr key={m.userId}>
                        <td>
                          {m.name} {m.userId === me.user.id && <span className="badge">you</span>} {m.disabled && <span className="badge bad">disabled</span>}
                        </td>
                        <td>{m.email ?? '–'}</td>
                        <td>
                          <select
                            className="input"
                            aria-label={`Role of ${m.name}`}
                            value={m.role}
                            disabled={lastAdmin || submit.busy}
                            title={lastAdmin ? LAST_ADMIN : undefined}
                            onChange={(e) => void change(() => apiSend('PUT', `/team/members/${encodeURIComponent(m.userId)}`, { role: e.target.value }))}
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td className="nowrap">{fmtDate(m.memberSince)}</td>
                        <td className="nowrap">{m.lastLoginAt ? fmtTime(m.lastLoginAt) : 'never'}</td>
                        <td>
                          <div className="row-actions">
                            {lastAdmin ? (
                              <span className="muted" title={LAST_ADMIN}>
                                last admin
                              </span>
                            ) : removing === m.userId ? (
                              <>
                                <button className="btn" type="button" onClick={() => setRemoving(null)}>
                                  Keep
                                </button>
                                <button className="btn danger" type="button" onClick={() => void change(() => apiSend('DELETE', `/team/members/${encodeURIComponent(m.userId)}`)).then(() => setRemoving(null))}>
                                  Remove {m.name}
                                </button>
                              </>
                            ) : (
                              <button className="btn" type="button" onClick={() => setRemoving(m.userId)}>
                                Remove…
                              </button>
                            )}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        }}
      </Loadable>
    </Panel>
  );
}
