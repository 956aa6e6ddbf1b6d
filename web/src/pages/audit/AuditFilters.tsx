import { useEffect, useState } from 'react';
import type { Member } from '../insights/people';

export const FILTER_KEYS = ['actor', 'action', 'result', 'client'] as const;
type Values = Record<(typeof FILTER_KEYS)[number], string>;

/** Actions the server records (src/server/audit-hook.ts, auth and team routes): suggestions, not a closed list. */
const KNOWN_ACTIONS = ['query', 'export', 'read.other', 'login', 'logout.all', 'setup', 'register', 'password.change', 'key.create', 'key.revoke', 'key.use', 'member.role', 'member.remove', 'invite.create', 'invite.revoke', 'settings.update', 'session.share', 'session.public_link.create', 'session.public_link.revoke'];
const RESULTS = ['ok', 'denied', 'error'];
const CLIENTS = ['web', 'api', 'agent', 'cli'];

interface FiltersProps {
  values: Values;
  setParams: (changes: Record<string, string | undefined>) => void;
  /** admins pick an actor among the members; others only ever see themselves */
  members: Member[];
}

/** Actor, action, result and client filters; each lives in the URL (the time range is the top bar's). */
export function AuditFilters({ values, setParams, members }: FiltersProps) {
  const set = (key: keyof Values) => (value: string) => setParams({ [key]: value || undefined });
  return (
    <div className="filters audit-filters" data-testid="audit-filters">
      {members.length > 0 && (
        <label className="field">
          <span>Actor</span>
          <select className="input" name="actor" value={values.actor} onChange={(e) => set('actor')(e.target.value)}>
            <option value="">Everyone</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name || m.email || m.userId}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>Action</span>
        <CommitInput name="action" value={values.action} onCommit={set('action')} list="audit-actions" placeholder="any action" />
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      <Choice label="Result" name="result" value={values.result} options={RESULTS} onChange={set('result')} />
      <Choice label="Client" name="client" value={values.client} options={CLIENTS} onChange={set('client')} />
    </div>
  );
}

function Choice({ label, name, value, options, onChange }: { label: string; name: string; value: string; options: string[]; onChange: (value: string) => void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select className="input" name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A text filter applied on Enter, on leaving the field, or when a suggestion is picked — not on every keystroke. */
function CommitInput({ value, onCommit, ...rest }: { value: string; onCommit: (value: string) => void; name: string; list?: string; placeholder?: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => draft.trim() !== value && onCommit(draft.trim());
  return (
    <input
      className="input"
      {...rest}
      value={draft}
      onChange={(e) => {
        setDraft(e.target.value);
        // picking a datalist suggestion is an insertReplacementText (or untyped) input, not typing
        const native = e.nativeEvent as InputEvent;
        if (!native.inputType || native.inputType === 'insertReplacementText') onCommit(e.target.value.trim());
      }}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
