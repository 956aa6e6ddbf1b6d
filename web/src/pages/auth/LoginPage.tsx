import { useState, type FormEvent } from 'react';
import { apiSend } from '../../lib/api';
import { useAuth, type Me } from '../../lib/auth';
import { Link } from '../../lib/router';
import { AuthLayout } from './AuthLayout';
import { FormAlert } from './FormAlert';
import { TextField, errorFor } from './fields';
import { useSubmit } from './use-submit';

const FIELDS = ['email', 'password'];

/** Team-mode sign-in; afterwards the page of `?next=` (or the page the visitor opened). */
export default function LoginPage() {
  const auth = useAuth();
  const submit = useSubmit();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const me = await apiSend<Me>('POST', '/auth/login', { email: email.trim(), password });
      // on /login the app goes on to ?next=; on any other page that page simply appears
      auth.signedIn(me);
    });
  };
  const blocked = submit.waitSeconds > 0;
  return (
    <AuthLayout
      title="Sign in to Sightline"
      footer={
        auth.openSignup ? (
          <>
            No account yet? <Link href="/register">Create one</Link>
          </>
        ) : (
          <>No account yet? Ask an administrator of your team for an invite link.</>
        )
      }
    >
      <form className="auth-form" onSubmit={onSubmit} noValidate data-testid="login-form">
        <TextField label="Email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={errorFor(submit.error, 'email')} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errorFor(submit.error, 'password')} />
        <FormAlert submit={submit} fields={FIELDS} />
        <button className="btn primary auth-submit" type="submit" disabled={submit.busy || blocked || !email || !password} aria-busy={submit.busy}>
          {submit.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
