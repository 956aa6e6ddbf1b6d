import './share.css';
import { useState } from 'react';
import { Panel } from '../../components/Panel';
import { apiSend } from '../../lib/api';
import { useAuth, type Me } from '../../lib/auth';
import { FormAlert } from '../auth/FormAlert';
import { useSubmit } from '../auth/use-submit';
import { CopyBox } from '../settings/CopyBox';
import type { SessionDetail } from './types';

type Visibility = 'private' | 'team' | 'public';
const LABELS: Record<Visibility, string> = {
  private: 'Private: only the owner',
  team: 'Team: everyone in the team',
  public: 'Public: the team, and anyone with a link',
};

/** Why this user may not change the session's sharing, or null when they may (docs/people.md "Roles"). */
function cannotEdit(me: Me, ownerId: string): string | null {
  if (me.via !== 'cookie') return 'Sign in with your password to change sharing.';
  if (me.role === 'admin') return null;
  if (me.role === 'viewer') return 'Viewers cannot change who sees a session.';
  return ownerId === me.user.id ? null : 'Only the owner of this session (or an admin) can change who sees it.';
}

/**
 * Team mode: who sees this session (private, team, public) and its read-only public link. The
 * owner and admins change it; others see it disabled with the reason.
 */
export function SharePanel({ detail, onChange }: { detail: SessionDetail & { visibility?: string }; onChange: () => void }) {
  const auth = useAuth();
  const submit = useSubmit();
  const [link, setLink] = useState<string | null>(null);
  const [revoked, setRevoked] = useState<number | null>(null);
  if (auth.mode !== 'team' || !auth.me) return null;
  const sessionPath = `/sessions/${encodeURIComponent(detail.session.sessionId)}`;
  const reason = cannotEdit(auth.me, detail.session.userId);
  const visibility = (detail.visibility ?? 'private') as Visibility;
  const linkReason = reason ?? (visibility === 'public' ? null : 'Make the session public to create a link.');
  const setVisibility = (next: Visibility) => void submit.run(async () => {
    const answer = await apiSend<{ revokedLinks?: number }>('PUT', `${sessionPath}/visibility`, { visibility: next });
    if (answer.revokedLinks) {
      setLink(null);
      setRevoked(answer.revokedLinks);
    }
    onChange();
  });
  const createLink = () => void submit.run(async () => {
    setRevoked(null);
    const created = await apiSend<{ url: string }>('POST', `${sessionPath}/public-link`);
    setLink(location.origin + created.url);
  });
  const revokeLinks = () => void submit.run(async () => {
    const answer = await apiSend<{ revoked: number }>('DELETE', `${sessionPath}/public-link`);
    setLink(null);
    setRevoked(answer.revoked);
  });
  return (
    <Panel title="Sharing" id="sharing" note={reason ?? 'A public link shows this session read-only to anyone who has it, signed in or not. Links stop working when the session stops being public.'}>
      <div className="share-row">
        <label className="field">
          Who can see this session
          <select className="input" value={visibility} disabled={reason !== null || submit.busy} onChange={(e) => setVisibility(e.target.value as Visibility)} data-testid="visibility-select" title={reason ?? undefined}>
            {(Object.keys(LABELS) as Visibility[]).map((v) => (
              <option key={v} value={v}>
                {LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        <span className="btn-group" role="group" aria-label="Public link">
          <button className="btn" type="button" onClick={createLink} disabled={linkReason !== null || submit.busy} title={linkReason ?? undefined} data-testid="create-public-link">
            Create public link
          </button>
          <button className="btn" type="button" onClick={revokeLinks} disabled={reason !== null || submit.busy} data-testid="revoke-public-links">
            Revoke public links
          </button>
        </span>
      </div>
      <FormAlert submit={submit} fields={[]} />
      {link && (
        <div className="share-link" data-testid="public-link-box">
          <p className="panel-note">Anyone with this link can read the session. It is shown only now; revoke it here at any time.</p>
          <CopyBox label="Public link" value={link} testId="public-link" />
        </div>
      )}
      {revoked !== null && (
        <p className="muted" role="status" data-testid="revoked-note">
          {revoked === 0 ? 'There was no public link to revoke.' : `Revoked ${revoked} public link${revoked === 1 ? '' : 's'}: they now show “not found”.`}
        </p>
      )}
    </Panel>
  );
}
