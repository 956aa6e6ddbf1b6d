import { useEffect, useState, type FormEvent } from 'react';
import { ChoiceGroup } from '../../components/ClientTable';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportLinks } from '../../components/ExportLinks';
import { EmptyState, ErrorNotice, Panel, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { fmtDuration, fmtTime } from '../../lib/format';
import { Link, useQueryParams } from '../../lib/router';
import { useCursorList } from '../../lib/use-cursor-list';
import type { BashCommand } from './types';

type StatusFilter = 'all' | 'ok' | 'error';
const STATUS_CHOICES: Array<{ value: StatusFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'ok', label: 'Succeeded' },
  { value: 'error', label: 'Failed' },
];
const PAGE_SIZE = 25;

/** A tool call's outcome as a badge: ok, error, or still running. */
export function CallStatus({ status }: { status: string | null }) {
  if (status === 'ok') return <span className="badge ok">ok</span>;
  if (status === 'error') return <span className="badge bad">failed</span>;
  return <span className="badge">{status ?? 'running'}</span>;
}

/** Bash commands newest first: filter by outcome (`status` in the URL) and text (`q`), paginated, exportable. */
export function BashPanel({ params }: { params: { from: string; to: string } }) {
  const [search, setParams] = useQueryParams();
  const status: StatusFilter = search.get('status') === 'ok' ? 'ok' : search.get('status') === 'error' ? 'error' : 'all';
  const q = search.get('q') ?? '';
  const order = search.get('order') === 'asc' ? 'asc' : 'desc';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const listParams = { ...params, status: status === 'all' ? undefined : status, q: q || undefined, order: order === 'asc' ? 'asc' : undefined };
  const list = useCursorList<BashCommand>('/tools/bash', { ...listParams, limit: PAGE_SIZE });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams({ q: draft.trim() || undefined });
  };
  return (
    <Panel title="Bash executions" id="bash" actions={<ExportLinks path="/tools/bash" params={listParams} name="bash-commands" />}>
      <div className="filters bash-filters">
        <ChoiceGroup label="Outcome" value={status} choices={STATUS_CHOICES} onChange={(value) => setParams({ status: value === 'all' ? undefined : value })} testId="bash-status" />
        <form className="bash-search" onSubmit={submit} role="search">
          <label className="field">
            Search commands
            <input className="input" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="npm test" data-testid="bash-search" />
          </label>
          <button className="btn" type="submit">
            Search
          </button>
        </form>
      </div>
      {list.error && list.data === undefined ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : list.data === undefined ? (
        <Skeleton count={6} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={status === 'all' && !q ? 'No Bash commands in this range' : 'No Bash command matches these filters'}>
          {status === 'all' && !q ? (
            <>Commands appear once Claude Code runs Bash. With hooks installed (<code>npx sightline hooks install</code>) each shows up as it finishes, with its exit code.</>
          ) : (
            <button className="btn" type="button" onClick={() => setParams({ status: undefined, q: undefined })}>
              Clear filters
            </button>
          )}
        </EmptyState>
      ) : (
        <div data-testid="bash-list" aria-busy={list.fetching}>
          <DataTable
            rows={list.data.items}
            columns={BASH_COLUMNS}
            rowKey={(c) => c.id}
            caption="Bash commands"
            sort={{ key: 'ts', dir: order }}
            onSort={(next) => next.key === 'ts' && setParams({ order: next.dir === 'asc' ? 'asc' : undefined })}
          />
          <Pager list={list} label="Bash executions" />
        </div>
      )}
    </Panel>
  );
}

const BASH_COLUMNS: Array<Column<BashCommand>> = [
  { key: 'ts', label: 'When', render: (c) => <span className="nowrap">{fmtTime(c.ts)}</span> },
  {
    key: 'command',
    label: 'Command',
    sortable: false,
    render: (c) => (
      <code className="bash-command" data-bash-command={c.id} title={c.command ?? ''}>
        {c.command ?? '–'}
      </code>
    ),
  },
  { key: 'status', label: 'Outcome', sortable: false, render: (c) => <span data-bash-status={c.status ?? ''}><CallStatus status={c.status} /></span> },
  { key: 'exitCode', label: 'Exit', align: 'right', sortable: false, render: (c) => (c.exitCode === null ? <span className="muted">–</span> : <span className={c.exitCode === 0 ? '' : 'bad-text'}>{c.exitCode}</span>) },
  { key: 'durationMs', label: 'Duration', align: 'right', sortable: false, render: (c) => fmtDuration(c.durationMs) },
  { key: 'outputExcerpt', label: 'Output', sortable: false, render: (c) => <OutputExcerpt text={c.outputExcerpt} /> },
  { key: 'sessionId', label: 'Session', sortable: false, render: (c) => <Link href={`/sessions/${encodeURIComponent(c.sessionId)}`} className="mono" title={`Session ${c.sessionId}`}>{c.sessionId.slice(0, 8)}</Link> },
];

function OutputExcerpt({ text }: { text: string | null }) {
  if (!text) return <span className="muted">–</span>;
  const first = text.split('\n').find((line) => line.trim()) ?? text;
  if (!text.includes('\n') && text.length <= 80) return <span className="bash-output-line">{text}</span>;
  return (
    <details className="bash-output">
      <summary>
        <span className="bash-output-line">{first}</span>
      </summary>
      <pre>{text}</pre>
    </details>
  );
}
