import { useMemo } from 'react';
import { BarList } from '../../components/BarList';
import { ClientTable, CsvDownload, type ClientColumn } from '../../components/ClientTable';
import { KpiCard } from '../../components/KpiCard';
import { EmptyState, Loadable, Panel, Skeleton } from '../../components/Panel';
import { fmtCompact, fmtInt, fmtUsd } from '../../lib/format';
import { useTimeRange } from '../../lib/time-range';
import { useApi } from '../../lib/use-api';
import type { PageProps } from '../../routes';
import { useUserNames } from '../insights/people';
import { TagCloud } from '../insights/TagCloud';
import { BudgetBars } from './BudgetBars';
import { Heatmap } from './Heatmap';
import type { DeveloperFigures, TeamAnalytics } from './types';
import './team-analytics.css';

/** The browser's IANA zone: the heatmap and budget days are counted in it. */
function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The team at a glance: who works how much, what it costs, when the team is busy, what it writes about, budgets. */
export default function TeamAnalyticsPage(_props: PageProps) {
  const range = useTimeRange();
  const tz = useMemo(browserTimeZone, []);
  const analytics = useApi<TeamAnalytics>('/team/analytics', { since: range.params.from, until: range.params.to, tz });
  const { nameOf } = useUserNames();
  return (
    <Loadable state={analytics} skeleton={<Skeleton height={120} count={4} />}>
      {(data) =>
        data.developers.length === 0 && data.tags.length === 0 ? (
          <div className="panel">
            <EmptyState title={`No team activity in ${range.preset === 'custom' ? 'this time range' : range.label.toLowerCase()}`}>
              Sessions your team shares (visibility “team”) and your own appear here. Pick a longer time range, or share sessions from their page.
            </EmptyState>
          </div>
        ) : (
          <TeamContent data={data} nameOf={(id) => data.developers.find((d) => d.userId === id)?.name ?? nameOf(id)} />
        )
      }
    </Loadable>
  );
}

function TeamContent({ data, nameOf }: { data: TeamAnalytics; nameOf: (userId: string) => string }) {
  const totals = useMemo(
    () => data.developers.reduce((t, d) => ({ sessions: t.sessions + d.sessions, tokens: t.tokens + d.totalTokens, cost: t.cost + d.costUsd }), { sessions: 0, tokens: 0, cost: 0 }),
    [data.developers],
  );
  const columns = useMemo(() => developerColumns(nameOf), [nameOf]);
  const bySessions = [...data.developers].sort((a, b) => b.sessions - a.sessions);
  return (
    <>
      <p className="muted team-note">Team-visible sessions and your own private ones; other members' private sessions are not counted.</p>
      <div className="grid kpis">
        <KpiCard label="Developers" kpi={data.developers.length} format={fmtInt} testId="team-developers" />
        <KpiCard label="Sessions" kpi={totals.sessions} format={fmtInt} testId="team-sessions" />
        <KpiCard label="Tokens" kpi={totals.tokens} format={fmtCompact} testId="team-tokens" />
        <KpiCard label="Cost" kpi={totals.cost} format={fmtUsd} testId="team-cost" />
      </div>
      <div className="grid two">
        <Panel title="Sessions per developer" id="team-sessions-per-dev">
          <BarList items={bySessions.map((d) => ({ key: d.userId, label: nameOf(d.userId), value: d.sessions, display: fmtInt(d.sessions) }))} label="Sessions per developer" />
        </Panel>
        <Panel title="Top users by cost" id="team-top-users">
          <BarList items={data.topUsers.map((d) => ({ key: d.userId, label: nameOf(d.userId), value: d.costUsd, display: fmtUsd(d.costUsd) }))} label="Top users by cost" />
        </Panel>
      </div>
      <Panel title="Tokens and cost per user" id="team-per-user" actions={<CsvDownload rows={data.developers} columns={columns} name="team-per-user" />}>
        <ClientTable rows={data.developers} columns={columns} rowKey={(d) => d.userId} caption="Tokens and cost per user" label="Per user" pageSize={20} />
      </Panel>
      <Panel title="Peak activity" id="team-heatmap" note={`Events per weekday and hour, ${data.timezone}`}>
        <Heatmap counts={data.heatmap.counts} timezone={data.timezone} />
      </Panel>
      <div className="grid two">
        <Panel title="Insight tags" id="team-tags" note="Tags of the insights posted in this range">
          <TagCloud tags={data.tags} hrefOf={(tag) => `/insights?tag=${encodeURIComponent(tag)}`} label="Insight tags in this range" />
        </Panel>
        <Panel title="Budgets" id="team-budgets" note="Spend today and this month against the limits set">
          <BudgetBars budgets={data.budgets} nameOf={nameOf} />
        </Panel>
      </div>
    </>
  );
}

function developerColumns(nameOf: (userId: string) => string): Array<ClientColumn<DeveloperFigures>> {
  return [
    { key: 'name', label: 'Developer', value: (d) => nameOf(d.userId), csv: (d) => d.userId, render: (d) => <span data-developer={d.userId}>{nameOf(d.userId)}</span> },
    { key: 'sessions', label: 'Sessions', align: 'right', value: (d) => d.sessions, render: (d) => <span data-dev-sessions={d.userId} data-value={d.sessions}>{fmtInt(d.sessions)}</span> },
    { key: 'calls', label: 'Model calls', align: 'right', value: (d) => d.calls, render: (d) => fmtInt(d.calls) },
    { key: 'inputTokens', label: 'Input', align: 'right', value: (d) => d.inputTokens, render: (d) => fmtCompact(d.inputTokens) },
    { key: 'outputTokens', label: 'Output', align: 'right', value: (d) => d.outputTokens, render: (d) => fmtCompact(d.outputTokens) },
    { key: 'cacheReadTokens', label: 'Cache read', align: 'right', value: (d) => d.cacheReadTokens, render: (d) => fmtCompact(d.cacheReadTokens) },
    { key: 'cacheCreationTokens', label: 'Cache write', align: 'right', value: (d) => d.cacheCreationTokens, render: (d) => fmtCompact(d.cacheCreationTokens) },
    { key: 'totalTokens', label: 'Total tokens', align: 'right', value: (d) => d.totalTokens, render: (d) => <span data-dev-tokens={d.userId} data-value={d.totalTokens}>{fmtCompact(d.totalTokens)}</span> },
    { key: 'costUsd', label: 'Cost', align: 'right', value: (d) => d.costUsd, render: (d) => <strong data-dev-cost={d.userId} data-value={d.costUsd}>{fmtUsd(d.costUsd)}</strong> },
  ];
}
