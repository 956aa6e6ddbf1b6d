import { useState, type FormEvent } from 'react';
import { useApi } from '../../lib/use-api';
import { apiSend, type ApiFailure } from '../../lib/api';
import type { InsightItem } from './types';

interface RecentSessions {
  items: Array<{ sessionId: string; title: string | null; project: string | null }>;
}

const EMPTY = { title: '', body: '', tags: '', sessionId: '' };

/** "a, b c" → ['a', 'b', 'c']: commas or spaces separate tags, a leading # is optional. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((t) => t.replace(/^#/, '').trim().toLowerCase()).filter(Boolean))];
}

/** Post an insight: title, body, tags, and optionally a session it is about. */
export function InsightForm({ onPosted }: { onPosted: (insight: InsightItem) => void }) {
  const [fields, setFields] = useState(EMPTY);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const recent = useRecentSessions();
  const set = (name: keyof typeof EMPTY) => (event: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: event.target.value }));
  const invalid = (name: string) => (error?.field?.split('.')[0] === name ? true : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { title: fields.title, body: fields.body, tags: parseTags(fields.tags), sessionId: fields.sessionId.trim() || null };
      onPosted(await apiSend<InsightItem>('POST', '/insights', body));
      setFields(EMPTY);
    } catch (failure) {
      setError(failure as ApiFailure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="insight-form" onSubmit={submit} aria-labelledby="post-insight-title" data-testid="insight-form">
      <label className="field">
        <span>Title</span>
        <input className="input" name="title" required maxLength={200} value={fields.title} onChange={set('title')} aria-invalid={invalid('title')} placeholder="Prompt caching halves cost on big repos" />
      </label>
      <label className="field">
        <span>What did you learn?</span>
        <textarea className="input" name="body" rows={4} maxLength={20000} value={fields.body} onChange={set('body')} aria-invalid={invalid('body')} />
      </label>
      <label className="field">
        <span>Tags (separated by spaces or commas)</span>
        <input className="input" name="tags" value={fields.tags} onChange={set('tags')} aria-invalid={invalid('tags')} placeholder="caching cost" />
      </label>
      <label className="field">
        <span>Session (optional)</span>
        <input className="input mono" name="sessionId" list="insight-sessions" value={fields.sessionId} onChange={set('sessionId')} aria-invalid={invalid('sessionId')} placeholder="session id" />
        <datalist id="insight-sessions">
          {recent.map((s) => (
            <option key={s.sessionId} value={s.sessionId}>
              {s.title ?? s.project ?? s.sessionId}
            </option>
          ))}
        </datalist>
      </label>
      {error && (
        <div className="notice error" role="alert">
          {error.message}
          {error.field ? ` (${error.field})` : ''}
        </div>
      )}
      <button className="btn primary" type="submit" disabled={busy || !fields.title.trim()}>
        {busy ? 'Posting…' : 'Post insight'}
      </button>
    </form>
  );
}

/** The caller's sessions of the last week, as suggestions for the session field. */
function useRecentSessions(): RecentSessions['items'] {
  const [range] = useState(() => ({ from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() }));
  const sessions = useApi<RecentSessions>('/sessions', { ...range, limit: 20 });
  return sessions.data?.items ?? [];
}
