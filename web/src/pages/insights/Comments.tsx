import { useState, type FormEvent } from 'react';
import { ErrorNotice, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { fmtRelative, fmtTime } from '../../lib/format';
import { useCursorList } from '../../lib/use-cursor-list';
import { apiSend, type ApiFailure } from '../../lib/api';
import type { InsightComment } from './types';

interface CommentsProps {
  insightId: string;
  id: string;
  nameOf: (userId: string) => string;
  canWrite: boolean;
  onAdded: () => void;
}

/** An insight's thread, oldest first, and a box to add to it. */
export function Comments({ insightId, id, nameOf, canWrite, onAdded }: CommentsProps) {
  const list = useCursorList<InsightComment>(`/insights/${encodeURIComponent(insightId)}/comments`, { limit: 50 });
  return (
    <section className="insight-comments" id={id} aria-label="Comments">
      {list.error && !list.data ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Skeleton height={14} count={2} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ol className="comment-list">
          {list.data.items.map((c) => (
            <li key={c.id} data-comment={c.id}>
              <div className="muted comment-meta">
                <strong>{nameOf(c.authorId)}</strong> · <time dateTime={new Date(c.createdAt).toISOString()} title={fmtTime(c.createdAt)}>{fmtRelative(c.createdAt)}</time>
              </div>
              <p className="comment-body">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      <Pager list={list} label="Comments" />
      {canWrite && (
        <CommentBox
          insightId={insightId}
          onAdded={() => {
            onAdded();
            list.reload();
          }}
        />
      )}
    </section>
  );
}

function CommentBox({ insightId, onAdded }: { insightId: string; onAdded: () => void }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiSend('POST', `/insights/${encodeURIComponent(insightId)}/comments`, { body });
      setBody('');
      onAdded();
    } catch (failure) {
      setError((failure as ApiFailure).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="comment-box" onSubmit={submit}>
      <label className="sr-only" htmlFor={`comment-${insightId}`}>
        Add a comment
      </label>
      <textarea id={`comment-${insightId}`} className="input" rows={2} maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} placeholder="Add a comment…" />
      <button className="btn" type="submit" disabled={busy || !body.trim()}>
        Comment
      </button>
      {error && (
        <span className="notice error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
