import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState, ErrorNotice, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { fmtBytes, fmtDuration, fmtInt, fmtTime } from '../../lib/format';
import { useCursorList } from '../../lib/use-cursor-list';
import type { AgentPush } from './types';

const PARAMS = { limit: 25 };

/** The caller's agent pushes, newest first: what arrived, how late, and failures. */
export function SyncTab() {
  const list = useCursorList<AgentPush>('/me/stats/sync', PARAMS);
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Skeleton height={28} count={6} />;
  return (
    <>
      <DataTable
        rows={list.data.items}
        columns={COLUMNS}
        rowKey={(r) => r.id}
        caption="My agent pushes, newest first"
        empty={
          <EmptyState title="No agent syncs yet" code={`npx sightline agent --server ${location.origin} --key sl_…`}>
            The agent pushes transcripts from other machines with your API key; each push is listed here.
          </EmptyState>
        }
      />
      <Pager list={list} label="Sync activity" />
    </>
  );
}

const COLUMNS: Array<Column<AgentPush>> = [
  { key: 'ts', label: 'Time', sortable: false, render: (r) => <span className="nowrap">{fmtTime(r.ts)}</span> },
  { key: 'host', label: 'Machine', sortable: false, render: (r) => r.hostname ?? r.agentId },
  { key: 'events', label: 'Events', align: 'right', sortable: false, render: (r) => <span data-push-events={r.id} data-value={r.events}>{fmtInt(r.events)}</span> },
  { key: 'inserted', label: 'New', align: 'right', sortable: false, render: (r) => fmtInt(r.inserted) },
  { key: 'bytes', label: 'Size', align: 'right', sortable: false, render: (r) => fmtBytes(r.bytes) },
  { key: 'lag', label: 'Lag', align: 'right', sortable: false, render: (r) => fmtDuration(r.lagMs) },
  { key: 'result', label: 'Result', sortable: false, render: (r) => (r.error ? <span className="badge bad" title={r.error}>failed</span> : <span className="badge ok">ok</span>) },
];
