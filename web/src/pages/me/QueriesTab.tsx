import { DataTable, type Column } from '../../components/DataTable';
import { ExportLinks } from '../../components/ExportLinks';
import { EmptyState, ErrorNotice, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { fmtDuration, fmtInt, fmtTime } from '../../lib/format';
import { useCursorList } from '../../lib/use-cursor-list';
import type { AuditEntry } from './types';

const PARAMS = { limit: 25 };

/** The data queries and exports the caller made (their own audit rows), newest first. */
export function QueriesTab() {
  const list = useCursorList<AuditEntry>('/me/stats/queries', PARAMS);
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Skeleton height={28} count={6} />;
  return (
    <>
      <div className="me-actions">
        <span className="muted">Every API read and export you made, from the audit log</span>
        <ExportLinks path="/me/stats/queries" params={{}} name="my-data-access" />
      </div>
      <DataTable rows={list.data.items} columns={AUDIT_COLUMNS} rowKey={(r) => r.id} caption="My data queries and exports, newest first" empty={<EmptyState title="No data access recorded yet" />} />
      <Pager list={list} label="Data access" />
    </>
  );
}

export function resultBadge(result: string) {
  const tone = result === 'ok' ? 'ok' : result === 'denied' ? 'warn' : 'bad';
  return <span className={`badge ${tone}`}>{result}</span>;
}

export const AUDIT_COLUMNS: Array<Column<AuditEntry>> = [
  { key: 'ts', label: 'Time', sortable: false, render: (r) => <span className="nowrap">{fmtTime(r.ts)}</span> },
  { key: 'action', label: 'Action', sortable: false, render: (r) => <span className="badge accent" data-action={r.action}>{r.action}</span> },
  { key: 'resource', label: 'Resource', sortable: false, render: (r) => <span className="mono truncate me-resource" title={r.resource ?? ''}>{r.resource ?? '–'}</span> },
  { key: 'result', label: 'Result', sortable: false, render: (r) => resultBadge(r.result) },
  { key: 'durationMs', label: 'Duration', align: 'right', sortable: false, render: (r) => fmtDuration(r.durationMs) },
  { key: 'client', label: 'Client', sortable: false, render: (r) => r.client },
  { key: 'count', label: 'Count', align: 'right', sortable: false, render: (r) => fmtInt(r.count) },
];
