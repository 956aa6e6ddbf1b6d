import { useState, type FormEvent } from 'react';
import { Panel } from '../../components/Panel';
import { apiSend } from '../../lib/api';
import { useAuth, type Me } from '../../lib/auth';
import { MIN_PASSWORD_LENGTH, PasswordRule, TextField, errorFor } from '../auth/fields';
import { useSubmit } from '../auth/use-submit';
import { SaveRow } from './SaveRow';
import type { SaveSettings, TeamSettings } from './types';

/** Your name and password, signing out everywhere, and the team's profile (admins change it). */
export function ProfileTab({ me, settings, admin, save }: { me: Me; settings: TeamSettings; admin: boolean; save: SaveSettings }) {
  return (
    <>
      <AccountForm me={me} />
      <PasswordForm />
      <TeamProfileForm settings={settings} admin={admin} save={save} />
    </>
  );
}

function AccountForm({ me }: { me: Me }) {
  const auth = useAuth();
  const submit = useSubmit();
  const [saved, setSaved] = useState(false);
  const [name, setName] = useState(me.user.name);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      await apiSend('PUT', '/auth/me', { name });
      await auth.refresh();
      setSaved(true);
    });
  };
  return (
    <Panel title="Your account" id="account">
      <form className="settings-form" onSubmit={onSubmit} noValidate>
        <TextField label="Name" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={errorFor(submit.error, 'name')} />
        <div className="form-row">
          <div className="form-field">
            <span className="field-label">Email</span>
            <span className="readonly-value">{me.user.email ?? '–'}</span>
          </div>
          <div className="form-field">
            <span className="field-label">Role</span>
            <span className="readonly-value">
              <span className="badge accent">{me.role}</span> in {me.team.name}
            </span>
          </div>
        </div>
        <SaveRow submit={submit} saved={saved} fields={['name']} />
      </form>
    </Panel>
  );
}

function PasswordForm() {
  const auth = useAuth();
  const submit = useSubmit();
  const [saved, setSaved] = useState(false);
  const [form, setForm] = useState({ currentPassword: '', password: '', confirm: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (form.password.length < MIN_PASSWORD_LENGTH) return submit.fail('password', `use at least ${MIN_PASSWORD_LENGTH} characters`);
    if (form.password !== form.confirm) return submit.fail('confirm', 'the two passwords differ');
    void submit.run(async () => {
      // the answer carries this browser's new session (every other browser is signed out)
      auth.signedIn(await apiSend<Me>('PUT', '/auth/me', { currentPassword: form.currentPassword, password: form.password }));
      setForm({ currentPassword: '', password: '', confirm: '' });
      setSaved(true);
    });
  };
  const signOutEverywhere = () => void submit.run(async () => {
    await apiSend('POST', '/auth/logout-all');
    await auth.refresh();
  });
  return (
    <Panel title="Password and sessions" id="password" note="Changing the password signs out every other browser; this one stays signed in.">
      <form className="settings-form" onSubmit={onSubmit} noValidate>
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" value={form.currentPassword} onChange={set('currentPassword')} error={errorFor(submit.error, 'currentPassword')} />
        <TextField label="New password" name="password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} error={errorFor(submit.error, 'password')} hint={<PasswordRule password={form.password} />} />
        <TextField label="Confirm new password" name="confirm" type="password" autoComplete="new-password" value={form.confirm} onChange={set('confirm')} error={errorFor(submit.error, 'confirm')} />
        <SaveRow submit={submit} saved={saved} fields={['currentPassword', 'password', 'confirm']} label="Change password" />
        <div>
          <button className="btn" type="button" onClick={signOutEverywhere} disabled={submit.busy}>
            Sign out everywhere
          </button>
        </div>
      </form>
    </Panel>
  );
}

function TeamProfileForm({ settings, admin, save }: { settings: TeamSettings; admin: boolean; save: SaveSettings }) {
  const auth = useAuth();
  const submit = useSubmit();
  const [saved, setSaved] = useState(false);
  const [profile, setProfile] = useState(settings.profile);
  if (!admin) {
    return (
      <Panel title="Team" id="team-profile" note="Only administrators change the team's profile.">
        <p className="readonly-value">
          <strong>{settings.profile.name}</strong>
        </p>
        {settings.profile.description && <p className="muted">{settings.profile.description}</p>}
      </Panel>
    );
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      await save({ profile });
      await auth.refresh();
      setSaved(true);
    });
  };
  return (
    <Panel title="Team profile" id="team-profile">
      <form className="settings-form" onSubmit={onSubmit} noValidate>
        <TextField label="Team name" name="teamName" value={profile.name} onChange={(e) => setProfile((p) => ({ ...p, name: e.target.value }))} error={errorFor(submit.error, 'profile.name')} />
        <div className="form-field">
          <label htmlFor="team-description">Description</label>
          <textarea id="team-description" className="input" value={profile.description} onChange={(e) => setProfile((p) => ({ ...p, description: e.target.value }))} />
        </div>
        <SaveRow submit={submit} saved={saved} fields={['profile.name']} />
      </form>
    </Panel>
  );
}
