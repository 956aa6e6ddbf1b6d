import { useState, type FormEvent } from 'react';
import { apiSend } from '../../lib/api';
import { useAuth, type Me } from '../../lib/auth';
import { navigate } from '../../lib/router';
import { AuthLayout } from './AuthLayout';
import { FormAlert } from './FormAlert';
import { EMAIL_HINT, MIN_PASSWORD_LENGTH, PasswordRule, TextField, errorFor, looksLikeEmail } from './fields';
import { useSubmit } from './use-submit';

const FIELDS = ['teamName', 'name', 'email', 'password', 'confirm'];

/** First run in team mode: the first team and its admin (POST /auth/setup signs them in). */
export default function SetupPage() {
  const auth = useAuth();
  const submit = useSubmit();
  const [form, setForm] = useState({ teamName: '', name: '', email: '', password: '', confirm: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!looksLikeEmail(form.email)) return submit.fail('email', EMAIL_HINT);
    if (form.password.length < MIN_PASSWORD_LENGTH) return submit.fail('password', `use at least ${MIN_PASSWORD_LENGTH} characters`);
    if (form.password !== form.confirm) return submit.fail('confirm', 'the two passwords differ');
    void submit.run(async () => {
      const { confirm: _confirm, ...body } = form;
      auth.signedIn(await apiSend<Me>('POST', '/auth/setup', body));
      navigate('/', { replace: true });
    });
  };
  const error = (field: string) => errorFor(submit.error, field);
  return (
    <AuthLayout title="Set up Sightline" intro="No account exists yet. Create your team and its first administrator: you can invite everyone else from the settings.">
      <form className="auth-form" onSubmit={onSubmit} noValidate data-testid="setup-form">
        <TextField label="Team name" name="teamName" autoComplete="organization" required value={form.teamName} onChange={set('teamName')} error={error('teamName')} />
        <TextField label="Your name" name="name" autoComplete="name" required value={form.name} onChange={set('name')} error={error('name')} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} error={error('email')} />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" required value={form.password} onChange={set('password')} error={error('password')} hint={<PasswordRule password={form.password} />} />
        <TextField label="Confirm password" name="confirm" type="password" autoComplete="new-password" required value={form.confirm} onChange={set('confirm')} error={error('confirm')} />
        <FormAlert submit={submit} fields={FIELDS} />
        <button className="btn primary auth-submit" type="submit" disabled={submit.busy} aria-busy={submit.busy}>
          {submit.busy ? 'Creating…' : 'Create team and sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
