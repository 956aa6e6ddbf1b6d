import { useCallback, useEffect, useMemo, useState } from 'react';
import { ExportLinks } from '../../components/ExportLinks';
import { EmptyState, ErrorNotice, Loadable, Panel, Skeleton } from '../../components/Panel';
import { Tabs } from '../../components/Tabs';
import { fmtInt } from '../../lib/format';
import { Link, useQueryParams, withParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import type { PageProps } from '../../routes';
import { ContextChart } from './ContextChart';
import { ErrorsTab } from './ErrorsTab';
import { Inspector } from './Inspector';
import { SessionHeader, SubagentsPanel } from './SessionHeader';
import { SharePanel } from './SharePanel';
import { Timeline } from './Timeline';
import { buildRows, compactionIndex, KIND_FILTERS } from './timeline-model';
import { ToolsTab } from './ToolsTab';
import type { SessionContext, SessionDetail } from './types';
import { useTimeline } from './use-timeline';
import './session.css';

const TAB_IDS = ['timeline', 'tools', 'errors'] as const;
type TabId = (typeof TAB_IDS)[number];
const MAX_RANGE_MS = 399 * 86_400_000;

/**
 * One session: header with health, context-window pressure, the virtualized timeline (subagents as
 * branches), tools and errors tabs, and the event inspector (`?event=…`). Tab and timeline filters
 * live in the URL.
 */
export default function SessionPage({ params }: PageProps) {
  const sessionId = params.id;
  const base = `/sessions/${encodeURIComponent(sessionId)}`;
  const [search, setParams] = useQueryParams();
  const selected = search.get('event');
  const tab: TabId = TAB_IDS.find((t) => t === search.get('tab')) ?? 'timeline';
  const kindsParam = search.get('kinds') ?? '';
  const kinds = useMemo(() => new Set(kindsParam.split(',').filter((k) => KIND_FILTERS.some((f) => f.id === k))), [kindsParam]);
  const find = search.get('find') ?? '';

  const detail = useApi<SessionDetail>(base);
  const context = useApi<SessionContext>(`${base}/context`);
  const live = detail.data ? detail.data.session.status !== 'ended' : false;
  const timeline = useTimeline(sessionId, live);

  const select = useCallback((eventId: string) => setParams({ event: eventId }), [setParams]);
  const closeInspector = useCallback(() => setParams({ event: undefined }), [setParams]);
  const setFind = useCallback((text: string) => setParams({ find: text || undefined }), [setParams]);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  useEffect(() => setCollapsed(new Set()), [sessionId]);
  const toggle = useCallback(
    (agentId: string) =>
      setCollapsed((previous) => {
        const next = new Set(previous);
        if (next.has(agentId)) next.delete(agentId);
        else next.add(agentId);
        return next;
      }),
    [],
  );

  const switches = useMemo(() => new Map((detail.data?.modelSwitches ?? []).map((s) => [s.eventId, { from: s.from, to: s.to }])), [detail.data?.modelSwitches]);
  const compactions = useMemo(() => compactionIndex(context.data?.compactions), [context.data?.compactions]);
  const descriptions = useMemo(
    () => new Map((detail.data?.subagentTree.children ?? []).filter((a) => a.description).map((a) => [a.agentId, a.description!])),
    [detail.data?.subagentTree],
  );
  const rows = useMemo(() => buildRows(timeline.events, { collapsed, kinds, text: find, switches }), [timeline.events, collapsed, kinds, find, switches]);
  const shownEvents = useMemo(() => rows.reduce((n, r) => n + (r.type === 'event' ? 1 : 0), 0), [rows]);
  const agentIds = useMemo(() => [...new Set(rows.filter((r) => r.type === 'group').map((r) => (r.type === 'group' ? r.agentId : '')))], [rows]);

  const firstTs = detail.data?.session.firstTs;
  const lastTs = detail.data?.session.lastTs;
  const range = useMemo(() => {
    if (firstTs === undefined || lastTs === undefined) return null;
    const to = Math.max(lastTs + 60_000, live ? Date.now() + 60_000 : 0);
    const from = Math.max(firstTs, to - MAX_RANGE_MS);
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }, [firstTs, lastTs, live]);

  const shared = new URLSearchParams([...search].filter(([key]) => ['range', 'from', 'to', 'refresh'].includes(key)));
  const backHref = '/sessions' + withParams(shared, {});

  if (detail.error?.status === 404) {
    return (
      <div className="panel" data-testid="session-not-found">
        <EmptyState title="Session not found">
          <p>
            There is no session <code>{sessionId}</code> that you can see. It may be mistyped, belong to someone else, or not be imported yet (
            <code>npx sightline import</code> reads new transcripts).
          </p>
          <Link href={backHref}>← Back to the sessions list</Link>
        </EmptyState>
      </div>
    );
  }

  const s = detail.data?.session;
  const errorCount = s ? s.errors + s.toolErrors : undefined;
  const tabs = [
    { id: 'timeline', label: `Timeline${timeline.done ? ` (${fmtInt(timeline.events.length)})` : ''}` },
    { id: 'tools', label: `Tool calls${s ? ` (${fmtInt(s.toolCalls)})` : ''}` },
    { id: 'errors', label: `Errors${errorCount !== undefined ? ` (${fmtInt(errorCount)})` : ''}` },
  ];

  return (
    <div className={`session-page ${selected ? 'with-inspector' : ''}`}>
      <Loadable state={detail} skeleton={<Skeleton height={140} />}>
        {(d) => <SessionHeader detail={d} backHref={backHref} />}
      </Loadable>
      {detail.data && <SharePanel detail={detail.data} onChange={detail.reload} />}

      <Panel title="Context window over the session" id="context" note="Input + cache tokens of each main-conversation model call, against that model's window.">
        <Loadable state={context} skeleton={<Skeleton height={220} />}>
          {(c) => <ContextChart context={c} onSelect={select} />}
        </Loadable>
      </Panel>

      <div className="session-tabs">
        <Tabs tabs={tabs} selected={tab} onSelect={(id) => setParams({ tab: id === 'timeline' ? undefined : id })} label="Session views" />
      </div>

      {tab === 'timeline' && (
        <div role="tabpanel" id="panel-timeline" aria-labelledby="tab-timeline" className="grid">
          <Panel
            title="Conversation"
            id="timeline"
            actions={<ExportLinks path={`${base}/events`} params={{}} name={`session-${sessionId.slice(0, 8)}-events`} />}
            note={<TimelineProgress loaded={timeline.events.length} done={timeline.done} ready={timeline.ready} lastTs={timeline.events[timeline.events.length - 1]?.ts} firstTs={firstTs} endTs={lastTs} />}
          >
            <TimelineToolbar
              kinds={kinds}
              find={find}
              onKinds={(next) => setParams({ kinds: [...next].join(',') || undefined })}
              onFind={setFind}
              shown={shownEvents}
              total={timeline.events.length}
              branches={agentIds.length}
              onCollapseAll={() => setCollapsed(new Set(agentIds))}
              onExpandAll={() => setCollapsed(new Set())}
            />
            {timeline.error && <ErrorNotice error={timeline.error} onRetry={timeline.retry} />}
            {!timeline.ready ? (
              timeline.error ? null : <Skeleton height={28} count={10} />
            ) : timeline.events.length === 0 ? (
              <EmptyState title="No events in this session" />
            ) : rows.length === 0 ? (
              <EmptyState title="No event matches these filters">
                <button type="button" className="btn" onClick={() => setParams({ kinds: undefined, find: undefined })}>
                  Show every event
                </button>
              </EmptyState>
            ) : (
              <Timeline
                rows={rows}
                sessionStart={firstTs ?? timeline.events[0].ts}
                compactions={compactions}
                descriptions={descriptions}
                selectedId={selected}
                onSelect={select}
                onToggle={toggle}
              />
            )}
            <p className="panel-note tl-help">Click a row, or move with ↑/↓ and press Enter, to inspect an event. Times are offsets from the session start.</p>
          </Panel>
          {detail.data && <SubagentsPanel detail={detail.data} onSelect={select} />}
        </div>
      )}
      {tab === 'tools' && (
        <div role="tabpanel" id="panel-tools" aria-labelledby="tab-tools">
          {range && firstTs !== undefined ? <ToolsTab sessionId={sessionId} sessionStart={firstTs} range={range} onSelect={select} /> : <Skeleton count={6} />}
        </div>
      )}
      {tab === 'errors' && (
        <div role="tabpanel" id="panel-errors" aria-labelledby="tab-errors">
          {range && firstTs !== undefined ? <ErrorsTab sessionId={sessionId} sessionStart={firstTs} range={range} onSelect={select} /> : <Skeleton count={6} />}
        </div>
      )}

      {selected && <Inspector key={selected} eventId={selected} onClose={closeInspector} />}
    </div>
  );
}

function TimelineProgress({ loaded, done, ready, lastTs, firstTs, endTs }: { loaded: number; done: boolean; ready: boolean; lastTs?: number; firstTs?: number; endTs?: number }) {
  if (!ready) return <span>Loading the first events…</span>;
  if (done) return <span data-testid="timeline-count">{fmtInt(loaded)} events, in conversation order</span>;
  const span = firstTs !== undefined && endTs !== undefined && endTs > firstTs ? endTs - firstTs : 0;
  const pct = span > 0 && lastTs !== undefined ? Math.max(1, Math.min(99, Math.round(((lastTs - firstTs!) / span) * 100))) : undefined;
  return (
    <span className="tl-progress" data-testid="timeline-loading">
      {fmtInt(loaded)} events loaded, loading the rest in the background…
      <progress max={100} value={pct} aria-label="Timeline loading progress" />
    </span>
  );
}

function TimelineToolbar({
  kinds,
  find,
  onKinds,
  onFind,
  shown,
  total,
  branches,
  onCollapseAll,
  onExpandAll,
}: {
  kinds: Set<string>;
  find: string;
  onKinds: (kinds: Set<string>) => void;
  onFind: (text: string) => void;
  shown: number;
  total: number;
  branches: number;
  onCollapseAll: () => void;
  onExpandAll: () => void;
}) {
  const [text, setText] = useState(find);
  useEffect(() => setText(find), [find]);
  useEffect(() => {
    if (text.trim() === find) return;
    const timer = setTimeout(() => onFind(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, find, onFind]);
  return (
    <div className="filters tl-toolbar">
      <div className="tl-kinds" role="group" aria-label="Show event kinds">
        <button type="button" className="btn" aria-pressed={kinds.size === 0} onClick={() => onKinds(new Set())}>
          All
        </button>
        {KIND_FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            className="btn"
            aria-pressed={kinds.has(f.id)}
            data-testid={`kind-${f.id}`}
            onClick={() => {
              const next = new Set(kinds);
              if (next.has(f.id)) next.delete(f.id);
              else next.add(f.id);
              onKinds(next);
            }}
          >
            {f.label}
          </button>
        ))}
      </div>
      <label className="field tl-find">
        Find in timeline
        <input className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="text, tool or model" data-testid="timeline-find" />
      </label>
      {branches > 0 && (
        <span className="btn-group" role="group" aria-label="Subagent branches">
          <button type="button" className="btn" onClick={onCollapseAll}>
            Collapse subagents
          </button>
          <button type="button" className="btn" onClick={onExpandAll}>
            Expand
          </button>
        </span>
      )}
      <span className="muted tl-count">
        {shown !== total ? `${fmtInt(shown)} of ${fmtInt(total)} events shown` : `${fmtInt(total)} events`}
      </span>
    </div>
  );
}
