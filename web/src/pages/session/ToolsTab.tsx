import { useMemo } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportLinks } from '../../components/ExportLinks';
import { EmptyState, ErrorNotice, Loadable, Panel, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { fmtDuration, fmtInt, fmtPct } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useCursorList } from '../../lib/use-cursor-list';
import { fmtOffset } from './format';
import type { BashCommand, TimelineEvent, ToolStat } from './types';

interface ToolsTabProps {
  sessionId: string;
  sessionStart: number;
  /** from/to covering the whole session (the aggregate endpoints need a range) */
  range: { from: string; to: string };
  onSelect: (eventId: string) => void;
}

/** The session's tools: per-tool statistics, every call with duration and outcome, and the Bash commands. */
export function ToolsTab({ sessionId, sessionStart, range, onSelect }: ToolsTabProps) {
  const stats = useApi<{ tools: ToolStat[] }>('/tools', { ...range, session: sessionId });
  const callsPath = `/sessions/${encodeURIComponent(sessionId)}/events`;
  const callsParams = useMemo(() => ({ kind: 'tool_call', limit: 50 }), []);
  const calls = useCursorList<TimelineEvent>(callsPath, callsParams);
  const bashParams = useMemo(() => ({ ...range, session: sessionId, limit: 25 }), [range, sessionId]);
  const bash = useCursorList<BashCommand>('/tools/bash', bashParams);

  const statColumns = useMemo<Array<Column<ToolStat>>>(
    () => [
      { key: 'name', label: 'Tool', value: (t) => t.name },
      { key: 'calls', label: 'Calls', align: 'right', value: (t) => t.calls, render: (t) => fmtInt(t.calls) },
      { key: 'errors', label: 'Errors', align: 'right', value: (t) => t.errors, render: (t) => (t.errors > 0 ? <span className="badge bad">{fmtInt(t.errors)}</span> : '0') },
      { key: 'pending', label: 'Pending', align: 'right', value: (t) => t.pending, render: (t) => fmtInt(t.pending) },
      { key: 'successRate', label: 'Success', align: 'right', value: (t) => t.successRate, render: (t) => fmtPct(t.successRate) },
      { key: 'p50', label: 'p50', align: 'right', value: (t) => t.durationMs.p50, render: (t) => fmtDuration(t.durationMs.p50) },
      { key: 'p95', label: 'p95', align: 'right', value: (t) => t.durationMs.p95, render: (t) => fmtDuration(t.durationMs.p95) },
      { key: 'mean', label: 'Mean', align: 'right', value: (t) => t.durationMs.mean, render: (t) => fmtDuration(t.durationMs.mean) },
    ],
    [],
  );
  const callColumns = useMemo<Array<Column<TimelineEvent>>>(
    () => [
      {
        key: 'tool',
        label: 'Tool',
        sortable: false,
        render: (e) => (
          <button type="button" className="link-button" onClick={() => onSelect(e.id)} title="Open in the inspector">
            {e.toolName ?? 'tool'}
          </button>
        ),
      },
      { key: 'at', label: 'At', sortable: false, render: (e) => <span className="mono">{fmtOffset(e.ts - sessionStart)}</span> },
      { key: 'input', label: 'Input', sortable: false, render: (e) => <span className="truncate cell-text" title={e.text ?? ''}>{e.text ?? '–'}</span> },
      { key: 'duration', label: 'Duration', sortable: false, align: 'right', render: (e) => fmtDuration(e.durationMs) },
      { key: 'exit', label: 'Exit', sortable: false, align: 'right', render: (e) => (e.exitCode === null ? '–' : String(e.exitCode)) },
      { key: 'status', label: 'Outcome', sortable: false, render: (e) => <span className={`badge ${e.status === 'error' ? 'bad' : e.status === 'ok' ? 'ok' : 'warn'}`}>{e.status || 'pending'}</span> },
    ],
    [onSelect, sessionStart],
  );
  const bashColumns = useMemo<Array<Column<BashCommand>>>(
    () => [
      {
        key: 'command',
        label: 'Command',
        sortable: false,
        render: (b) => (
          <button type="button" className="link-button mono cell-text truncate" onClick={() => onSelect(b.id)} title={b.command ?? ''}>
            {b.command ?? '–'}
          </button>
        ),
      },
      { key: 'at', label: 'At', sortable: false, render: (b) => <span className="mono">{fmtOffset(b.ts - sessionStart)}</span> },
      { key: 'exit', label: 'Exit', sortable: false, align: 'right', render: (b) => (b.exitCode === null ? '–' : String(b.exitCode)) },
      { key: 'duration', label: 'Duration', sortable: false, align: 'right', render: (b) => fmtDuration(b.durationMs) },
      { key: 'status', label: 'Outcome', sortable: false, render: (b) => <span className={`badge ${b.status === 'error' ? 'bad' : b.status === 'ok' ? 'ok' : 'warn'}`}>{b.status || 'pending'}</span> },
      { key: 'output', label: 'Output', sortable: false, render: (b) => <span className="mono truncate cell-text" title={b.outputExcerpt ?? ''}>{b.outputExcerpt?.split('\n')[0] ?? '–'}</span> },
    ],
    [onSelect, sessionStart],
  );

  return (
    <div className="grid">
      <Panel title="Tools used" id="tool-stats" actions={<ExportLinks path="/tools" params={{ ...range, session: sessionId }} name={`session-${sessionId.slice(0, 8)}-tools`} />}>
        <Loadable state={stats}>
          {(data) =>
            data.tools.length === 0 ? (
              <EmptyState title="No tool calls in this session" />
            ) : (
              <DataTable rows={data.tools} columns={statColumns} rowKey={(t) => t.name} caption="Tool statistics of this session" />
            )
          }
        </Loadable>
      </Panel>
      <Panel title="Tool calls" id="tool-calls" note="In conversation order. Click a tool to open the call with its input and result." actions={<ExportLinks path={callsPath} params={callsParams} name={`session-${sessionId.slice(0, 8)}-tool-calls`} />}>
        {calls.error && !calls.data ? (
          <ErrorNotice error={calls.error} onRetry={calls.reload} />
        ) : !calls.data ? (
          <Skeleton count={6} />
        ) : (
          <>
            <DataTable rows={calls.data.items} columns={callColumns} rowKey={(e) => e.id} caption="Tool calls of this session" empty={<EmptyState title="No tool calls in this session" />} />
            <Pager list={calls} label="Tool calls" />
          </>
        )}
      </Panel>
      <Panel title="Bash commands" id="bash" note="Newest first, with exit codes and the first line of their output." actions={<ExportLinks path="/tools/bash" params={bashParams} name={`session-${sessionId.slice(0, 8)}-bash`} />}>
        {bash.error && !bash.data ? (
          <ErrorNotice error={bash.error} onRetry={bash.reload} />
        ) : !bash.data ? (
          <Skeleton count={4} />
        ) : (
          <>
            <DataTable rows={bash.data.items} columns={bashColumns} rowKey={(b) => b.id} caption="Bash commands of this session" empty={<p className="muted">No Bash commands in this session.</p>} />
            <Pager list={bash} label="Bash commands" />
          </>
        )}
      </Panel>
    </div>
  );
}
