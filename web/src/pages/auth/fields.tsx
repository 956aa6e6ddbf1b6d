import './forms.css';
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import type { ApiFailure } from '../../lib/api';

/** A labelled input with its error under it (announced, and tied to the input for screen readers). */
export function TextField({ label, error, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | null; hint?: ReactNode }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="input" aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {hint && (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={`${id}-error`} className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** The API's message for a field, without the field name it starts with ("'password': use at least …"). */
export function fieldMessage(error: ApiFailure): string {
  const field = error.field ?? '';
  if (/email$/i.test(field) && /pattern|email address/.test(error.message)) return EMAIL_HINT;
  return error.message.replace(new RegExp(`^'?${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'?:\\s*`), '').replace(/^body field '[^']+'\s*/, '');
}

/** Which form fields an error belongs to: `field` when the form has it, else none (shown above the button). */
export function errorFor(error: ApiFailure | null, field: string): string | null {
  return error && error.field === field ? fieldMessage(error) : null;
}

export const MIN_PASSWORD_LENGTH = 10;
export const EMAIL_HINT = 'enter an email address, like name@example.com';

/** The server's rule for an email address: something@something, no spaces. */
export function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(text.trim());
}

/** The password rule, shown before the first try and ticked off while typing. */
export function PasswordRule({ password }: { password: string }) {
  const ok = password.length >= MIN_PASSWORD_LENGTH;
  return (
    <span className={ok ? 'rule-ok' : undefined} data-testid="password-rule">
      {ok ? '✓ ' : ''}At least {MIN_PASSWORD_LENGTH} characters ({password.length} so far). A passphrase of a few words is easiest.
    </span>
  );
}
