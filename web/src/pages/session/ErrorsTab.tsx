import { useMemo, useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportLinks } from '../../components/ExportLinks';
import { EmptyState, ErrorNotice, Panel, Skeleton } from '../../components/Panel';
import { fmtInt } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { fmtOffset } from './format';
import type { ErrorRow, RecurringError } from './types';

interface ErrorsView {
  recurring: RecurringError[];
  recent: { items: ErrorRow[]; nextCursor: string | null };
}

const TYPE_LABELS: Record<string, string> = { error: 'Error', api_error: 'API retry', tool_error: 'Tool failure' };

/** The session's errors: final errors, API retries and failed tool calls, grouped and one by one. */
export function ErrorsTab({ sessionId, sessionStart, range, onSelect }: { sessionId: string; sessionStart: number; range: { from: string; to: string }; onSelect: (eventId: string) => void }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const base = useMemo(() => ({ ...range, session: sessionId, limit: 50 }), [range, sessionId]);
  const state = useApi<ErrorsView>('/errors', { ...base, cursor: cursors[cursors.length - 1] });
  const data = state.data;

  const recurringColumns = useMemo<Array<Column<RecurringError>>>(
    () => [
      { key: 'count', label: 'Count', align: 'right', value: (r) => r.count, render: (r) => fmtInt(r.count) },
      { key: 'type', label: 'Type', value: (r) => r.type, render: (r) => <span className={`badge ${r.type === 'api_error' ? 'warn' : 'bad'}`}>{TYPE_LABELS[r.type] ?? r.type}</span> },
      { key: 'pattern', label: 'Message', value: (r) => r.pattern, render: (r) => <span className="mono cell-text wrap-text" title={r.example}>{r.example}</span> },
    ],
    [],
  );
  const recentColumns = useMemo<Array<Column<ErrorRow>>>(
    () => [
      {
        key: 'type',
        label: 'Type',
        sortable: false,
        render: (r) => (
          <button type="button" className="link-button" onClick={() => onSelect(r.id)} title="Open in the inspector">
            {TYPE_LABELS[r.type] ?? r.type}
            {r.toolName ? ` · ${r.toolName}` : ''}
          </button>
        ),
      },
      { key: 'at', label: 'At', sortable: false, render: (r) => <span className="mono">{fmtOffset(r.ts - sessionStart)}</span> },
      { key: 'message', label: 'Message', sortable: false, render: (r) => <span className="mono cell-text wrap-text">{r.message.slice(0, 300)}</span> },
    ],
    [onSelect, sessionStart],
  );

  if (state.error && !data) return <ErrorNotice error={state.error} onRetry={state.reload} />;
  if (!data) return <Skeleton count={5} />;
  if (data.recurring.length === 0 && data.recent.items.length === 0 && cursors.length === 0) {
    return (
      <Panel title="Errors" id="session-errors">
        <EmptyState title="No errors in this session">No final errors, API retries or failed tool calls were recorded.</EmptyState>
      </Panel>
    );
  }
  return (
    <div className="grid">
      <Panel title="Recurring messages" id="recurring" note="Errors with the same message once ids and numbers are masked.">
        <DataTable rows={data.recurring} columns={recurringColumns} rowKey={(r) => r.type + r.pattern} caption="Recurring error messages of this session" />
      </Panel>
      <Panel title="Errors one by one" id="recent-errors" note="Newest first. Click one to open it in the inspector." actions={<ExportLinks path="/errors" params={base} name={`session-${sessionId.slice(0, 8)}-errors`} />}>
        <DataTable rows={data.recent.items} columns={recentColumns} rowKey={(r) => r.id} caption="Errors of this session" empty={<p className="muted">No more errors.</p>} />
        {(cursors.length > 0 || data.recent.nextCursor) && (
          <nav className="pager" aria-label="Errors pages">
            <span>Page {cursors.length + 1}</span>
            <button className="btn" type="button" disabled={cursors.length === 0 || state.fetching} onClick={() => setCursors((c) => c.slice(0, -1))}>
              ← Previous
            </button>
            <button className="btn" type="button" disabled={!data.recent.nextCursor || state.fetching} onClick={() => data.recent.nextCursor && setCursors((c) => [...c, data.recent.nextCursor!])}>
              Next →
            </button>
          </nav>
        )}
      </Panel>
    </div>
  );
}
