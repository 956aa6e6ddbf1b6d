import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState, ErrorNotice, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { fmtBytes, fmtCompact, fmtPct, fmtRelative, fmtUsd, projectName } from '../../lib/format';
import { Link } from '../../lib/router';
import { useCursorList } from '../../lib/use-cursor-list';
import type { MySessionItem, ProcessingTranscript } from './types';

const PARAMS = { limit: 25 };

const isTranscript = (row: MySessionItem): row is ProcessingTranscript => 'path' in row;

/** The caller's sessions by last activity; transcripts still being read are listed with a "processing" badge. */
export function SessionsTab() {
  const list = useCursorList<MySessionItem>('/me/stats/sessions', PARAMS);
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Skeleton height={28} count={6} />;
  return (
    <>
      <DataTable
        rows={list.data.items}
        columns={COLUMNS}
        rowKey={(row) => (isTranscript(row) ? `t:${row.path}` : row.sessionId)}
        caption="My sessions, most recent activity first"
        empty={<EmptyState title="No sessions of yours yet">Sessions you run with Claude Code appear here once imported, pushed by the agent, or sent by hooks.</EmptyState>}
      />
      <Pager list={list} label="My sessions" />
    </>
  );
}

const processing = (row: MySessionItem) =>
  row.processing ? (
    <span className="badge warn" data-processing={row.sessionId} title="The transcript is still being read: figures will grow">
      processing{isTranscript(row) && row.sizeBytes > 0 ? ` ${fmtPct(row.bytesRead / row.sizeBytes, 0)}` : ''}
    </span>
  ) : null;

const COLUMNS: Array<Column<MySessionItem>> = [
  {
    key: 'session',
    label: 'Session',
    sortable: false,
    render: (row) =>
      isTranscript(row) ? (
        <span className="mono truncate me-session" title={row.path}>
          {row.sessionId.slice(0, 8)}
        </span>
      ) : (
        <Link href={`/sessions/${encodeURIComponent(row.sessionId)}`} className="me-session truncate" data-my-session={row.sessionId} title={row.title ?? row.sessionId}>
          {row.title ?? row.sessionId.slice(0, 8)}
        </Link>
      ),
  },
  { key: 'project', label: 'Project', sortable: false, render: (row) => (isTranscript(row) ? <span className="muted">{fmtBytes(row.bytesRead)} of {fmtBytes(row.sizeBytes)} read</span> : projectName(row.cwd, row.project)) },
  {
    key: 'status',
    label: 'Status',
    sortable: false,
    render: (row) => (
      <span className="me-status">
        {!isTranscript(row) && <StatusBadge status={row.status} />}
        {processing(row)}
      </span>
    ),
  },
  { key: 'last', label: 'Last activity', sortable: false, render: (row) => fmtRelative(isTranscript(row) ? row.updatedAt : row.lastTs) },
  { key: 'tokens', label: 'Tokens', align: 'right', sortable: false, render: (row) => (isTranscript(row) ? '–' : fmtCompact(row.totalTokens)) },
  { key: 'cost', label: 'Cost', align: 'right', sortable: false, render: (row) => (isTranscript(row) ? '–' : <span data-my-session-cost={row.sessionId} data-value={row.costUsd}>{fmtUsd(row.costUsd)}</span>) },
];
