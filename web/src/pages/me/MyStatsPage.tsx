import { useState, type ReactNode } from 'react';
import { Tabs } from '../../components/Tabs';
import { fmtRelative, fmtTime } from '../../lib/format';
import { useQueryParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import type { PageProps } from '../../routes';
import { QueriesTab } from './QueriesTab';
import { SessionsTab } from './SessionsTab';
import { SyncTab } from './SyncTab';
import { TokensTab } from './TokensTab';
import type { MySync } from './types';
import './me.css';

const TABS = [
  { id: 'sessions', label: 'Sessions' },
  { id: 'tokens', label: 'Tokens' },
  { id: 'queries', label: 'Data access' },
  { id: 'sync', label: 'Sync activity' },
] as const;
type TabId = (typeof TABS)[number]['id'];

const PANELS: Record<TabId, () => ReactNode> = {
  sessions: () => <SessionsTab />,
  tokens: () => <TokensTab />,
  queries: () => <QueriesTab />,
  sync: () => <SyncTab />,
};

/**
 * The caller's own numbers (never anyone else's, whatever the role). A tab loads its API the first
 * time it is opened and stays mounted (hidden) afterwards, so switching back shows its data at once
 * without asking again.
 */
export default function MyStatsPage(_props: PageProps) {
  const [search, setParams] = useQueryParams();
  const tab: TabId = TABS.find((t) => t.id === search.get('tab'))?.id ?? 'sessions';
  const [opened, setOpened] = useState<ReadonlySet<TabId>>(() => new Set([tab]));
  if (!opened.has(tab)) setOpened(new Set([...opened, tab]));
  return (
    <>
      <LastSync />
      <div className="panel me-tabs">
        <Tabs tabs={[...TABS]} selected={tab} onSelect={(id) => setParams({ tab: id === 'sessions' ? undefined : id })} label="My stats" />
        {TABS.filter((t) => opened.has(t.id)).map((t) => (
          <div key={t.id} role="tabpanel" id={`panel-${t.id}`} aria-labelledby={`tab-${t.id}`} hidden={t.id !== tab} className="me-tabpanel" data-testid={`me-${t.id}`}>
            {PANELS[t.id]()}
          </div>
        ))}
      </div>
    </>
  );
}

/** The header line: when the caller's agent last pushed (a one-row request, not the Sync tab's list). */
function LastSync() {
  const sync = useApi<MySync>('/me/stats/sync', { limit: 1 });
  const last = sync.data?.lastSyncAt ?? null;
  return (
    <p className="me-header muted" data-testid="last-sync" data-value={last ?? ''}>
      Your own sessions, tokens, data access and syncs — nobody else's. Last agent sync:{' '}
      {sync.data === undefined ? (
        '…'
      ) : last === null ? (
        <strong>never</strong>
      ) : (
        <strong title={fmtTime(last)}>
          <time dateTime={new Date(last).toISOString()}>{fmtRelative(last)}</time>
        </strong>
      )}
      {sync.data !== undefined && last === null && <> (<code>sightline agent</code> pushes from other machines; transcripts on this one are read directly)</>}
    </p>
  );
}
