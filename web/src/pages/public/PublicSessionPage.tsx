import '../session/session.css';
import './public.css';
import { useMemo, useState } from 'react';
import { EmptyState, Loadable, Panel, Skeleton } from '../../components/Panel';
import { StatusBadge } from '../../components/StatusBadge';
import { KpiCard } from '../../components/KpiCard';
import { ThemeToggle } from '../../components/ThemeToggle';
import { fmtCompact, fmtDuration, fmtInt, fmtTime, fmtUsd } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import type { PageProps } from '../../routes';
import { ContextChart } from '../session/ContextChart';
import { shortModel } from '../session/format';
import { Timeline } from '../session/Timeline';
import { buildRows, compactionIndex } from '../session/timeline-model';
import type { SessionContext, SessionDetail } from '../session/types';
import { useTimeline } from '../session/use-timeline';

const NO_KINDS = new Set<string>();
const ignore = () => undefined;

/**
 * `/p/:token`: a session someone shared with a public link, read-only, for anyone who has the link
 * (no sign-in, no navigation). Its data comes from /api/v1/public/:token…; a revoked link is a 404.
 */
export default function PublicSessionPage({ params }: PageProps) {
  const base = `/public/${encodeURIComponent(params.token)}`;
  const detail = useApi<SessionDetail>(base);
  const context = useApi<SessionContext>(`${base}/context`);
  return (
    <div className="public-page">
      <header className="public-top">
        <a className="brand" href="/">
          <span className="brand-dot" aria-hidden="true" /> Sightline
        </a>
        <ThemeToggle />
      </header>
      <main id="main" className="content public-content">
        {detail.error?.status === 404 ? (
          <div className="panel" data-testid="public-not-found">
            <EmptyState title="This link does not work">
              <p>The session it pointed to is no longer shared: the link was revoked, or it is mistyped. Ask whoever sent it for a new one.</p>
            </EmptyState>
          </div>
        ) : (
          <>
            <div className="notice public-banner" role="note" data-testid="public-banner">
              <strong>Shared read-only.</strong> Someone shared this agent session with a public link; anyone with the link can see it.
            </div>
            <Loadable state={detail} skeleton={<Skeleton height={140} />}>
              {(d) => <PublicHeader detail={d} />}
            </Loadable>
            <Panel title="Context window over the session" id="context">
              <Loadable state={context} skeleton={<Skeleton height={220} />}>
                {(c) => <ContextChart context={c} onSelect={ignore} />}
              </Loadable>
            </Panel>
            <PublicTimeline token={params.token} eventsPath={`${base}/events`} detail={detail.data} compactions={context.data?.compactions} />
          </>
        )}
      </main>
    </div>
  );
}

function PublicHeader({ detail }: { detail: SessionDetail }) {
  const s = detail.session;
  return (
    <section className="panel session-head" aria-labelledby="session-title">
      <div className="session-head-top">
        <div className="session-id-block">
          <h1 id="session-title" className="session-name" data-testid="session-title">
            {s.title || `Session ${s.sessionId}`}
          </h1>
          <div className="session-meta">
            <StatusBadge status={s.status} />
            {s.project && (
              <span>
                <span className="muted">project</span> {s.project}
              </span>
            )}
            <span className="muted">{s.agent}</span>
            <span className="muted">
              {fmtTime(s.firstTs)} → {fmtTime(s.lastTs)}
            </span>
          </div>
          <div className="model-chips" aria-label="Models used">
            {s.models.map((m) => (
              <span key={m} className="badge">
                {shortModel(m)}
              </span>
            ))}
          </div>
        </div>
      </div>
      <div className="grid kpis session-kpis">
        <KpiCard label="Cost" kpi={s.costUsd} format={fmtUsd} testId="header-cost" />
        <KpiCard label="Total tokens" kpi={s.totalTokens} format={fmtCompact} testId="header-total" />
        <KpiCard label="Duration" kpi={s.durationMs} format={fmtDuration} />
        <KpiCard label="Model calls" kpi={s.llmCalls} format={fmtInt} />
        <KpiCard label="Tool calls" kpi={s.toolCalls} format={fmtInt} />
        <KpiCard label="Health" kpi={detail.health.score} format={(v) => `${v} / 100`} />
      </div>
    </section>
  );
}

function PublicTimeline({ token, eventsPath, detail, compactions }: { token: string; eventsPath: string; detail?: SessionDetail; compactions?: SessionContext['compactions'] }) {
  const timeline = useTimeline(token, false, eventsPath);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const switches = useMemo(() => new Map((detail?.modelSwitches ?? []).map((s) => [s.eventId, { from: s.from, to: s.to }])), [detail?.modelSwitches]);
  const descriptions = useMemo(() => new Map((detail?.subagentTree.children ?? []).filter((a) => a.description).map((a) => [a.agentId, a.description!])), [detail?.subagentTree]);
  const rows = useMemo(() => buildRows(timeline.events, { collapsed, kinds: NO_KINDS, text: '', switches }), [timeline.events, collapsed, switches]);
  const toggle = (agentId: string) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(agentId)) next.delete(agentId);
      else next.add(agentId);
      return next;
    });
  return (
    <Panel title="Conversation" id="timeline" note={timeline.done ? <span data-testid="timeline-count">{fmtInt(timeline.events.length)} events, in conversation order</span> : 'Loading the events…'}>
      {!timeline.ready ? (
        <Skeleton height={28} count={8} />
      ) : timeline.events.length === 0 ? (
        <EmptyState title="No events in this session" />
      ) : (
        <Timeline rows={rows} sessionStart={detail?.session.firstTs ?? timeline.events[0].ts} compactions={compactionIndex(compactions)} descriptions={descriptions} selectedId={null} onSelect={ignore} onToggle={toggle} />
      )}
    </Panel>
  );
}
