import { useState, type FormEvent } from 'react';
import { apiSend } from '../../lib/api';
import { useAuth, type Me } from '../../lib/auth';
import { Link, navigate, useLocation } from '../../lib/router';
import { AuthLayout } from './AuthLayout';
import { FormAlert } from './FormAlert';
import { EMAIL_HINT, MIN_PASSWORD_LENGTH, PasswordRule, TextField, errorFor, looksLikeEmail } from './fields';
import { useSubmit } from './use-submit';

const FIELDS = ['name', 'email', 'password', 'confirm'];

/** A new account: by invite link (`?invite=`), or by open sign-up when a team allows it. */
export default function RegisterPage() {
  const auth = useAuth();
  const { search } = useLocation();
  const inviteToken = search.get('invite') ?? undefined;
  const submit = useSubmit();
  const [form, setForm] = useState({ name: '', email: '', password: '', confirm: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  if (!inviteToken && !auth.openSignup) {
    return (
      <AuthLayout title="Create your account" footer={<Link href="/login">Back to sign in</Link>}>
        <div className="notice" data-testid="invite-only">
          Sign-up is by invitation only. Ask an administrator of your team for an invite link; it opens this page with the invitation filled in.
        </div>
      </AuthLayout>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!looksLikeEmail(form.email)) return submit.fail('email', EMAIL_HINT);
    if (form.password.length < MIN_PASSWORD_LENGTH) return submit.fail('password', `use at least ${MIN_PASSWORD_LENGTH} characters`);
    if (form.password !== form.confirm) return submit.fail('confirm', 'the two passwords differ');
    void submit.run(async () => {
      const me = await apiSend<Me>('POST', '/auth/register', { inviteToken, name: form.name, email: form.email.trim(), password: form.password });
      auth.signedIn(me);
      navigate('/', { replace: true });
    });
  };
  const error = (field: string) => errorFor(submit.error, field);
  return (
    <AuthLayout
      title="Create your account"
      intro={inviteToken ? 'You were invited to a team on this Sightline server. Choose your name and a password.' : 'This server lets anyone join its team. Choose your name and a password.'}
      footer={
        <>
          Have an account? <Link href="/login">Sign in</Link>
        </>
      }
    >
      <form className="auth-form" onSubmit={onSubmit} noValidate data-testid="register-form">
        <TextField label="Your name" name="name" autoComplete="name" required value={form.name} onChange={set('name')} error={error('name')} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} error={error('email')} />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" required value={form.password} onChange={set('password')} error={error('password')} hint={<PasswordRule password={form.password} />} />
        <TextField label="Confirm password" name="confirm" type="password" autoComplete="new-password" required value={form.confirm} onChange={set('confirm')} error={error('confirm')} />
        <FormAlert submit={submit} fields={FIELDS} />
        <button className="btn primary auth-submit" type="submit" disabled={submit.busy} aria-busy={submit.busy}>
          {submit.busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
    </AuthLayout>
  );
}
