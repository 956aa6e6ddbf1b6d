import type { Submit } from './use-submit';
import { fmtWait } from './use-submit';

/** The error no single field owns (wrong password, throttling, network), above the submit button. */
export function FormAlert({ submit, fields }: { submit: Submit; fields: string[] }) {
  const { error, waitSeconds } = submit;
  if (!error || (error.field && fields.includes(error.field))) return null;
  if (error.status === 429) {
    return (
      <div className="notice error" role="alert" data-testid="form-error">
        <strong>Too many failed attempts.</strong> {waitSeconds > 0 ? <>You can try again in {fmtWait(waitSeconds)}.</> : <>You can try again now.</>}
      </div>
    );
  }
  return (
    <div className="notice error" role="alert" data-testid="form-error">
      {capitalize(error.message)}
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}
