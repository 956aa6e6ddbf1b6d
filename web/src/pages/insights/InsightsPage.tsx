import { useEffect, useMemo, useState } from 'react';
import { EmptyState, ErrorNotice, Panel, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { Link, useQueryParams, withParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { useCursorList } from '../../lib/use-cursor-list';
import type { PageProps } from '../../routes';
import { InsightCard } from './InsightCard';
import { InsightForm } from './InsightForm';
import { useMe, useUserNames } from './people';
import { TagCloud } from './TagCloud';
import type { InsightItem, InsightNotice, TagCount } from './types';
import { useNewInsights } from './use-new-insights';
import './insights.css';

const PAGE_SIZE = 20;

/** The team's insights: a feed filtered by tag and author (both in the URL), a tag cloud, a post form; new posts arrive live. */
export default function InsightsPage(_props: PageProps) {
  const [search, setParams] = useQueryParams();
  const tag = search.get('tag') ?? '';
  const author = search.get('author') ?? '';
  const { canWrite } = useMe();
  const { members, nameOf } = useUserNames();
  const tags = useApi<{ tags: TagCount[] }>('/insights/tags');
  // bumping the generation remounts the feed: back to its first page, freshly fetched
  const [generation, setGeneration] = useState(0);
  const [waiting, setWaiting] = useState<InsightNotice[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [onFirstPage, setOnFirstPage] = useState(true);
  const hrefWith = (changes: Record<string, string | undefined>) => '/insights' + withParams(search, changes);

  useNewInsights((notices) => {
    tags.reload();
    const matching = notices.filter((n) => (!tag || n.tags.includes(tag)) && (!author || n.authorId === author));
    if (!matching.length) return;
    setFresh((ids) => new Set([...ids, ...matching.map((n) => n.id)]));
    if (onFirstPage) setGeneration((g) => g + 1);
    else setWaiting((w) => [...w, ...matching]);
  });
  const showNew = () => {
    setWaiting([]);
    setGeneration((g) => g + 1);
  };

  return (
    <div className="insights-layout">
      <div className="insights-feed">
        <FeedFilters tag={tag} author={author} authors={members} nameOf={nameOf} setParams={setParams} />
        {waiting.length > 0 && (
          <button className="btn new-insights" type="button" onClick={showNew} data-testid="new-insights">
            {waiting.length} new insight{waiting.length === 1 ? '' : 's'} — show
          </button>
        )}
        <Feed key={`${generation}|${tag}|${author}`} tag={tag} author={author} canWrite={canWrite} nameOf={nameOf} hrefWith={hrefWith} fresh={fresh} onPage={setOnFirstPage} />
      </div>
      <aside className="insights-side" aria-label="Post and browse tags">
        {canWrite && (
          <Panel title="Share an insight" id="post-insight">
            <InsightForm
              onPosted={() => {
                setGeneration((g) => g + 1);
                tags.reload();
              }}
            />
          </Panel>
        )}
        <Panel title="Tags" id="tag-cloud" note="How many insights carry each tag; pick one to filter the feed.">
          {tags.error && !tags.data ? <ErrorNotice error={tags.error} onRetry={tags.reload} /> : tags.data ? <TagCloud tags={tags.data.tags} selected={tag} hrefOf={(t) => hrefWith({ tag: t === tag ? undefined : t })} label="Insight tags" /> : <Skeleton count={2} />}
        </Panel>
      </aside>
    </div>
  );
}

interface FeedProps {
  tag: string;
  author: string;
  canWrite: boolean;
  nameOf: (userId: string) => string;
  hrefWith: (changes: Record<string, string | undefined>) => string;
  fresh: ReadonlySet<string>;
  onPage: (first: boolean) => void;
}

function Feed({ tag, author, canWrite, nameOf, hrefWith, fresh, onPage }: FeedProps) {
  const params = useMemo(() => ({ tag, author, limit: PAGE_SIZE }), [tag, author]);
  const feed = useCursorList<InsightItem>('/insights', params);
  const firstPage = feed.page === 1;
  useEffect(() => onPage(firstPage), [firstPage, onPage]);
  if (feed.error && !feed.data) return <ErrorNotice error={feed.error} onRetry={feed.reload} />;
  if (!feed.data) return <Skeleton height={110} count={3} />;
  if (!feed.data.items.length) return <EmptyFeed filtered={Boolean(tag || author)} canWrite={canWrite} clearHref={hrefWith({ tag: undefined, author: undefined })} />;
  return (
    <>
      <ol className="insight-list" aria-label="Insights, newest first" data-testid="insight-feed">
        {feed.data.items.map((insight) => (
          <li key={insight.id}>
            <InsightCard insight={insight} nameOf={nameOf} canWrite={canWrite} hrefWith={hrefWith} fresh={fresh.has(insight.id)} />
          </li>
        ))}
      </ol>
      <Pager list={feed} label="Insights" />
    </>
  );
}

function EmptyFeed({ filtered, canWrite, clearHref }: { filtered: boolean; canWrite: boolean; clearHref: string }) {
  return (
    <div className="panel" data-testid="insights-empty">
      {filtered ? (
        <EmptyState title="No insights match these filters">
          <Link href={clearHref}>Show all insights</Link>
        </EmptyState>
      ) : (
        <EmptyState title="No insights yet">
          Insights are short notes your team shares about working with agents — “prompt caching halves cost on the monorepo”, “Opus is worth it for migrations”. Tag them, link the
          session that shows it, upvote the useful ones and discuss them in comments.
          {canWrite ? ' Post the first one with the form.' : ' Members and admins can post them.'}
        </EmptyState>
      )}
    </div>
  );
}

interface FiltersProps {
  tag: string;
  author: string;
  authors: Array<{ userId: string; name: string }>;
  nameOf: (userId: string) => string;
  setParams: (changes: Record<string, string | undefined>) => void;
}

/** The active filters as removable chips, and an author picker when the team has members. */
function FeedFilters({ tag, author, authors, nameOf, setParams }: FiltersProps) {
  return (
    <div className="filters insight-filters" data-testid="insight-filters">
      {authors.length > 0 && (
        <label className="field">
          <span>Author</span>
          <select className="input" value={author} onChange={(e) => setParams({ author: e.target.value || undefined })}>
            <option value="">Everyone</option>
            {authors.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {tag && (
        <button className="btn chip" type="button" onClick={() => setParams({ tag: undefined })} aria-label={`Remove the tag filter ${tag}`} data-filter="tag">
          #{tag} ×
        </button>
      )}
      {author && (
        <button className="btn chip" type="button" onClick={() => setParams({ author: undefined })} aria-label={`Remove the author filter ${nameOf(author)}`} data-filter="author">
          by {nameOf(author)} ×
        </button>
      )}
      {!tag && !author && authors.length === 0 && <span className="muted">All insights of your team, newest first. Pick a tag or an author to filter.</span>}
    </div>
  );
}
