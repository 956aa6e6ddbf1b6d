import { useState } from 'react';
import { fmtRelative, fmtTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { Comments } from './Comments';
import { apiSend, type ApiFailure } from '../../lib/api';
import type { InsightItem } from './types';

interface CardProps {
  insight: InsightItem;
  nameOf: (userId: string) => string;
  canWrite: boolean;
  /** feed link with a filter set, e.g. ?tag=x */
  hrefWith: (changes: Record<string, string | undefined>) => string;
  fresh: boolean;
}

/** One insight: title, author, body, tags, linked session, the upvote toggle and the comment thread. */
export function InsightCard({ insight: initial, nameOf, canWrite, hrefWith, fresh }: CardProps) {
  // votes and comment counts change here without refetching the whole feed
  const [insight, setInsight] = useState(initial);
  const [shown, setShown] = useState(initial);
  const [showComments, setShowComments] = useState(false);
  // a refetched feed brings everyone's votes: take them over what this card last knew
  if (shown !== initial) {
    setShown(initial);
    setInsight(initial);
  }
  const titleId = `insight-${insight.id}-title`;
  return (
    <article className={`panel insight ${fresh ? 'insight-fresh' : ''}`} aria-labelledby={titleId} data-insight={insight.id}>
      <div className="insight-main">
        <VoteButton insight={insight} canWrite={canWrite} onChange={setInsight} />
        <div className="insight-text">
          <h3 id={titleId} className="insight-title">
            {insight.title}
          </h3>
          <div className="insight-meta muted">
            <Link href={hrefWith({ author: insight.authorId })} data-author={insight.authorId}>
              {nameOf(insight.authorId)}
            </Link>{' '}
            · <time dateTime={new Date(insight.createdAt).toISOString()} title={fmtTime(insight.createdAt)}>{fmtRelative(insight.createdAt)}</time>
            {insight.sessionLink && (
              <>
                {' '}
                · <Link href={insight.sessionLink} className="mono" data-session-link={insight.sessionId ?? ''}>session {insight.sessionId!.slice(0, 8)}</Link>
              </>
            )}
          </div>
          {insight.body && <p className="insight-body">{insight.body}</p>}
          <div className="insight-foot">
            {insight.tags.map((tag) => (
              <Link key={tag} href={hrefWith({ tag })} className="badge accent" data-insight-tag={tag}>
                #{tag}
              </Link>
            ))}
            <button className="btn insight-comments-toggle" type="button" aria-expanded={showComments} aria-controls={`insight-${insight.id}-comments`} onClick={() => setShowComments((s) => !s)}>
              <span data-comment-count={insight.comments}>
                {insight.comments} comment{insight.comments === 1 ? '' : 's'}
              </span>
              <span aria-hidden="true">{showComments ? '▴' : '▾'}</span>
            </button>
          </div>
        </div>
      </div>
      {showComments && (
        <Comments insightId={insight.id} id={`insight-${insight.id}-comments`} nameOf={nameOf} canWrite={canWrite} onAdded={() => setInsight((i) => ({ ...i, comments: i.comments + 1 }))} />
      )}
    </article>
  );
}

/** Toggle the caller's vote; the count shown is the server's answer, so it is never off by a double click. */
function VoteButton({ insight, canWrite, onChange }: { insight: InsightItem; canWrite: boolean; onChange: (insight: InsightItem) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      onChange(await apiSend<InsightItem>(insight.myVote ? 'DELETE' : 'PUT', `/insights/${encodeURIComponent(insight.id)}/vote`));
    } catch (failure) {
      setError((failure as ApiFailure).message);
    } finally {
      setBusy(false);
    }
  };
  const label = `${insight.myVote ? 'Remove your upvote' : 'Upvote'}: ${insight.votes} vote${insight.votes === 1 ? '' : 's'}`;
  return (
    <div className="vote">
      <button className="btn vote-button" type="button" aria-pressed={insight.myVote} aria-label={label} title={canWrite ? label : 'Viewers cannot vote'} disabled={busy || !canWrite} onClick={toggle} data-testid="vote">
        <span aria-hidden="true">▲</span>
        <span className="vote-count" data-votes={insight.votes}>
          {insight.votes}
        </span>
      </button>
      {error && (
        <span className="vote-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
