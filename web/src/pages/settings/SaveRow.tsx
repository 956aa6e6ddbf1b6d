import { FormAlert } from '../auth/FormAlert';
import type { Submit } from '../auth/use-submit';

/** The submit button of a settings form, its error (unless a field shows it) and a "Saved" note. */
export function SaveRow({ submit, saved, fields, label = 'Save' }: { submit: Submit; saved: boolean; fields: string[]; label?: string }) {
  return (
    <div className="save-row">
      <FormAlert submit={submit} fields={fields} />
      <div className="save-actions">
        <button className="btn primary" type="submit" disabled={submit.busy} aria-busy={submit.busy}>
          {submit.busy ? 'Saving…' : label}
        </button>
        {saved && !submit.busy && !submit.error && (
          <span className="saved" role="status">
            ✓ Saved
          </span>
        )}
      </div>
    </div>
  );
}
