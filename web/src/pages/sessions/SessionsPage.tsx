import { useCallback, useEffect, useMemo, useState } from 'react';
import { DataTable, type Column, type SortState } from '../../components/DataTable';
import { ExportLinks } from '../../components/ExportLinks';
import { Gauge } from '../../components/Gauge';
import { EmptyState, ErrorNotice, Panel, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { fmtCompact, fmtDuration, fmtInt, fmtRelative, fmtUsd } from '../../lib/format';
import { Link, useQueryParams } from '../../lib/router';
import { useTimeRange } from '../../lib/time-range';
import { useApi } from '../../lib/use-api';
import { useCursorList } from '../../lib/use-cursor-list';
import type { PageProps } from '../../routes';
import type { SessionListItem } from '../session/types';
import { shortModel } from '../session/format';
import './sessions.css';

const SORTS = ['lastActivity', 'started', 'cost', 'tokens'] as const;
const STATUSES = ['active', 'idle', 'ended'] as const;
const PAGE_SIZES = [10, 25, 50, 100] as const;

interface Choices {
  byModel: Array<{ key: string }>;
  byProject: Array<{ key: string }>;
  byUser: Array<{ key: string }>;
}

/** Sessions with activity in the range: filters, server-side sort, cursor pages, export. Every choice is in the URL. */
export default function SessionsPage(_props: PageProps) {
  const range = useTimeRange();
  const [search, setParams] = useQueryParams();
  const project = search.get('project') ?? '';
  const user = search.get('user') ?? '';
  const model = search.get('model') ?? '';
  const status = STATUSES.find((s) => s === search.get('status')) ?? '';
  const q = search.get('q') ?? '';
  const sort = SORTS.find((s) => s === search.get('sort')) ?? 'lastActivity';
  const order = search.get('order') === 'asc' ? 'asc' : 'desc';
  const limit = PAGE_SIZES.find((n) => String(n) === search.get('limit')) ?? 50;

  const params = useMemo(
    () => ({ ...range.params, project, user, model, status, q, sort, order, limit }),
    [range.params, project, user, model, status, q, sort, order, limit],
  );
  const list = useCursorList<SessionListItem>('/sessions', params);
  const choices = useApi<Choices>('/tokens', range.params);

  const setQ = useCallback((value: string) => setParams({ q: value || undefined }), [setParams]);
  const filtered = Boolean(project || user || model || status || q);
  const columns = useMemo(() => sessionColumns(), []);
  const sortState: SortState = { key: sort, dir: order };
  const onSort = (next: SortState) => setParams({ sort: next.key === 'lastActivity' ? undefined : next.key, order: next.dir === 'desc' ? undefined : 'asc' });

  return (
    <>
      <Panel
        title="Sessions"
        id="sessions"
        actions={<ExportLinks path="/sessions" params={params} name="sessions" />}
        note={<span>{range.label} · sessions with any activity in the range{list.fetching && !list.loading ? ' · updating…' : ''}</span>}
      >
        <div className="filters sessions-filters">
          <SearchBox value={q} onChange={setQ} />
          <Select label="Project" value={project} onChange={(v) => setParams({ project: v })} options={choiceKeys(choices.data?.byProject, project)} all="All projects" testId="filter-project" />
          <Select label="User" value={user} onChange={(v) => setParams({ user: v })} options={choiceKeys(choices.data?.byUser, user)} all="All users" testId="filter-user" />
          <Select label="Model" value={model} onChange={(v) => setParams({ model: v })} options={choiceKeys(choices.data?.byModel, model)} all="All models" testId="filter-model" />
          <Select label="Status" value={status} onChange={(v) => setParams({ status: v })} options={[...STATUSES]} all="Any status" testId="filter-status" />
          <Select
            label="Sort by"
            value={sort}
            onChange={(v) => setParams({ sort: v === 'lastActivity' ? undefined : v })}
            options={[...SORTS]}
            labels={{ lastActivity: 'Last activity', started: 'Started', cost: 'Cost', tokens: 'Tokens' }}
            testId="sort"
          />
          <Select label="Rows" value={String(limit)} onChange={(v) => setParams({ limit: v === '50' ? undefined : v })} options={PAGE_SIZES.map(String)} testId="page-size" />
          {filtered && (
            <button className="btn" type="button" onClick={() => setParams({ project: undefined, user: undefined, model: undefined, status: undefined, q: undefined })}>
              Clear filters
            </button>
          )}
        </div>
      </Panel>
      <Panel title={list.data ? `Page ${list.page} · ${fmtInt(list.data.items.length)} session${list.data.items.length === 1 ? '' : 's'}` : 'Loading sessions'} id="session-list">
        {list.error && list.data === undefined ? (
          <ErrorNotice error={list.error} onRetry={list.reload} />
        ) : list.data === undefined ? (
          <Skeleton height={28} count={8} />
        ) : (
          <div aria-busy={list.fetching} data-testid="sessions-table">
            <DataTable
              rows={list.data.items}
              columns={columns}
              rowKey={(s) => s.sessionId}
              caption="Sessions in the time range"
              sort={sortState}
              onSort={onSort}
              empty={
                filtered ? (
                  <EmptyState title="No session matches these filters">
                    Try another project, model or status, a wider time range, or{' '}
                    <button className="btn" type="button" onClick={() => setParams({ project: undefined, user: undefined, model: undefined, status: undefined, q: undefined })}>
                      clear the filters
                    </button>
                  </EmptyState>
                ) : (
                  <EmptyState
                    title="No sessions in this time range"
                    code={'npx sightline import          # read ~/.claude/projects once\nnpx sightline hooks install   # live tool calls and prompts'}
                  >
                    Pick a wider time range, or bring Claude Code sessions in:
                  </EmptyState>
                )
              }
            />
            <SessionCards sessions={list.data.items} />
            <Pager list={list} label="Sessions" />
          </div>
        )}
      </Panel>
    </>
  );
}

/** Phones: one card per session instead of a ten-column table (CSS shows one or the other). */
function SessionCards({ sessions }: { sessions: SessionListItem[] }) {
  if (sessions.length === 0) return null;
  return (
    <ul className="session-cards" aria-label="Sessions">
      {sessions.map((s) => (
        <li key={s.sessionId} className="session-card">
          <div className="session-card-top">
            <Link href={`/sessions/${encodeURIComponent(s.sessionId)}`} className="session-title">
              {s.title || `Untitled session ${s.sessionId.slice(0, 8)}`}
            </Link>
            <StatusBadge status={s.status} />
          </div>
          <div className="muted truncate session-sub">
            {s.project ?? 'no project'}
            {s.gitBranch ? ` · ⎇ ${s.gitBranch}` : ''} · {s.userId}
          </div>
          <div className="muted session-sub">
            {fmtShort(s.firstTs)} · {fmtDuration(s.durationMs)} · {s.models.map(shortModel).join(', ') || 'no model'}
          </div>
          <div className="session-card-figures">
            <span>
              <strong>{fmtCompact(s.totalTokens)}</strong> tokens
            </span>
            <span>
              <strong>{fmtUsd(s.costUsd)}</strong>
            </span>
            <span className="context-cell" title={`${fmtInt(s.contextTokens)} of ${fmtInt(s.contextWindow)} tokens`}>
              <Gauge pct={s.contextPct} label={`Context window of ${s.title || s.sessionId}`} />
              <span className="num">{s.contextPct.toFixed(0)}%</span>
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}

function sessionColumns(): Array<Column<SessionListItem>> {
  return [
    {
      key: 'title',
      label: 'Session',
      sortable: false,
      render: (s) => (
        <div className="session-cell">
          <Link href={`/sessions/${encodeURIComponent(s.sessionId)}`} className="session-title" data-testid="session-link" title={s.title ?? s.sessionId}>
            {s.title || `Untitled session ${s.sessionId.slice(0, 8)}`}
          </Link>
          <span className="muted truncate session-sub" title={s.cwd ?? undefined}>
            {s.project ?? 'no project'}
            {s.gitBranch ? <span className="mono"> · ⎇ {s.gitBranch}</span> : null}
          </span>
        </div>
      ),
    },
    { key: 'user', label: 'User', sortable: false, render: (s) => s.userId },
    {
      key: 'models',
      label: 'Models',
      sortable: false,
      render: (s) => (
        <span className="model-chips">
          {s.models.length === 0 ? <span className="muted">–</span> : s.models.map((m) => <span key={m} className="badge" title={m}>{shortModel(m)}</span>)}
        </span>
      ),
    },
    { key: 'status', label: 'Status', sortable: false, render: (s) => <StatusBadge status={s.status} /> },
    { key: 'started', label: 'Started', render: (s) => <span className="nowrap" title={new Date(s.firstTs).toLocaleString()}>{fmtShort(s.firstTs)}</span> },
    { key: 'lastActivity', label: 'Last active', render: (s) => <span className="nowrap" title={new Date(s.lastTs).toLocaleString()}>{fmtRelative(s.lastTs)}</span> },
    { key: 'duration', label: 'Duration', sortable: false, align: 'right', render: (s) => fmtDuration(s.durationMs) },
    {
      key: 'tokens',
      label: 'Tokens',
      align: 'right',
      render: (s) => (
        <span data-testid="session-tokens" data-value={s.totalTokens} title={`${fmtInt(s.totalTokens)} tokens`}>
          {fmtCompact(s.totalTokens)}
        </span>
      ),
    },
    {
      key: 'cost',
      label: 'Cost',
      align: 'right',
      render: (s) => (
        <span data-testid="session-cost" data-value={s.costUsd}>
          {fmtUsd(s.costUsd)}
        </span>
      ),
    },
    {
      key: 'context',
      label: 'Context',
      sortable: false,
      render: (s) => (
        <div className="context-cell" title={`${fmtInt(s.contextTokens)} of ${fmtInt(s.contextWindow)} tokens`}>
          <Gauge pct={s.contextPct} label={`Context window of ${s.title || s.sessionId}`} />
          <span className="num">{s.contextPct.toFixed(0)}%</span>
        </div>
      ),
    },
  ];
}

/** `Nov 27, 13:23`: the list has no room for seconds. */
function fmtShort(ts: number): string {
  return new Date(ts).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

function choiceKeys(groups: Array<{ key: string }> | undefined, current: string): string[] {
  const keys = new Set((groups ?? []).map((g) => g.key).filter((k) => k && k !== 'unknown'));
  if (current) keys.add(current);
  return [...keys].sort((a, b) => a.localeCompare(b));
}

function Select({ label, value, onChange, options, all, labels, testId }: { label: string; value: string; onChange: (value: string) => void; options: string[]; all?: string; labels?: Record<string, string>; testId: string }) {
  return (
    <label className="field">
      {label}
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {labels?.[o] ?? o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Text search: typed freely, written to the URL (`q`) after a pause or on Enter. */
function SearchBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onChange(text.trim()), 400);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <label className="field grow">
      Search
      <input
        className="input"
        type="search"
        placeholder="title, project, branch, cwd or id"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && onChange(text.trim())}
        data-testid="session-search"
      />
    </label>
  );
}
