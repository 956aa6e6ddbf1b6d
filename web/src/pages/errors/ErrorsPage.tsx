import { useEffect, useMemo, useState } from 'react';
import { ChoiceGroup, ClientTable, CsvDownload, type ClientColumn } from '../../components/ClientTable';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportLinks } from '../../components/ExportLinks';
import { KpiCard } from '../../components/KpiCard';
import { EmptyState, ErrorNotice, Loadable, Panel, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { TimeChart, type ChartSeries } from '../../components/TimeChart';
import type { Params } from '../../lib/api';
import { fmtInt, fmtRelative, fmtTime } from '../../lib/format';
import { Link, useQueryParams } from '../../lib/router';
import { seriesColor } from '../../lib/theme';
import { useTimeRange } from '../../lib/time-range';
import { useApi } from '../../lib/use-api';
import type { CursorList } from '../../lib/use-cursor-list';
import type { PageProps } from '../../routes';
import type { ErrorRow, ErrorsAnswer, ErrorSeriesPoint, RecurringError } from './types';
import './errors.css';

type TypeFilter = 'all' | 'error' | 'api_error' | 'tool_error';
const TYPE_CHOICES: Array<{ value: TypeFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'error', label: 'Errors' },
  { value: 'api_error', label: 'API errors' },
  { value: 'tool_error', label: 'Tool failures' },
];
/** The event kind each type is stored as (a tool failure is a tool_call with status error). */
const KIND_OF: Record<Exclude<TypeFilter, 'all'>, string> = { error: 'error', api_error: 'api_error', tool_error: 'tool_call' };
export const TYPE_LABEL: Record<string, string> = { error: 'Error', api_error: 'API error', tool_error: 'Tool failure' };
const TYPE_COLOR: Record<string, string> = { error: '#e5484d', api_error: '#f29d38', tool_error: '#9b5de5' };
const TYPE_ORDER = ['error', 'api_error', 'tool_error'];
const MAX_TOOL_SERIES = 8;
const PAGE_SIZE = 25;
const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;

export default function ErrorsPage(_props: PageProps) {
  const range = useTimeRange();
  const [search, setParams] = useQueryParams();
  const type: TypeFilter = TYPE_CHOICES.find((c) => c.value === search.get('type'))?.value ?? 'all';
  const params = useMemo<Record<string, string>>(() => ({ ...range.params, ...(type === 'all' ? {} : { kind: KIND_OF[type] }) }), [range.params, type]);
  // The charts and groups (one row of the recent list is enough here); the recent list pages on its own.
  const view = useApi<ErrorsAnswer>('/errors', { ...params, limit: 1 });
  const empty = view.data !== undefined && view.data.byType.length === 0 && view.data.recent.items.length === 0;
  return (
    <>
      <div className="filters">
        <ChoiceGroup label="Type" value={type} choices={TYPE_CHOICES} onChange={(value) => setParams({ type: value === 'all' ? undefined : value })} testId="error-type" />
      </div>
      <Loadable state={view} skeleton={<Skeleton height={90} count={4} />}>
        {(data) =>
          empty ? (
            <div className="panel">
              <EmptyState title={type === 'all' ? `No errors in ${range.preset === 'custom' ? 'this time range' : range.label.toLowerCase()}` : `No ${TYPE_LABEL[type].toLowerCase()}s in ${range.preset === 'custom' ? 'this time range' : range.label.toLowerCase()}`}>
                {type === 'all' ? (
                  <>
                    Good news — or no data yet. Errors come from transcripts (<code>npx sightline import</code>), hooks (<code>npx sightline hooks install</code>) and OpenTelemetry <code>api_error</code> events.
                  </>
                ) : (
                  <button className="btn" type="button" onClick={() => setParams({ type: undefined })}>
                    Show all types
                  </button>
                )}
              </EmptyState>
            </div>
          ) : (
            <ErrorsContent data={data} from={range.from} to={range.to} />
          )
        }
      </Loadable>
      {!empty && <RecentErrors params={params} />}
    </>
  );
}

function ErrorsContent({ data, from, to }: { data: ErrorsAnswer; from: number; to: number }) {
  const bucketMs = BUCKET_MS[data.bucket];
  const x = useMemo(() => {
    const starts: number[] = [];
    for (let t = from - (from % bucketMs); t < to; t += bucketMs) starts.push(t);
    return starts;
  }, [from, to, bucketMs]);
  const byType = useMemo(() => {
    const keys = [...new Set(data.byType.map((p) => p.key))].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
    return keys.map((key, i) => ({ label: TYPE_LABEL[key] ?? key, color: TYPE_COLOR[key] ?? seriesColor(i), values: valuesOf(x, data.byType, (k) => k === key) }));
  }, [x, data.byType]);
  const byTool = useMemo(() => toolSeries(x, data.byTool), [x, data.byTool]);
  const totals = useMemo(() => {
    const of = (key: string) => data.byType.filter((p) => p.key === key).reduce((n, p) => n + p.count, 0);
    return { all: data.byType.reduce((n, p) => n + p.count, 0), error: of('error'), api: of('api_error'), tool: of('tool_error') };
  }, [data.byType]);
  const per = data.bucket === 'hour' ? 'per hour' : 'per day';
  return (
    <>
      <div className="grid kpis analytics-kpis">
        <KpiCard label="All errors" kpi={totals.all} format={fmtInt} testId="kpi-errors" />
        <KpiCard label="Errors" kpi={totals.error} format={fmtInt} testId="kpi-error" />
        <KpiCard label="API errors" kpi={totals.api} format={fmtInt} testId="kpi-api-error" />
        <KpiCard label="Tool failures" kpi={totals.tool} format={fmtInt} testId="kpi-tool-error" />
        <KpiCard label="Recurring patterns" kpi={data.recurring.length} format={fmtInt} testId="kpi-patterns" />
      </div>
      <div className="grid two">
        <Panel title="Errors by type" note={`Final errors, API errors (retried requests) and failed tool calls ${per}`}>
          <TimeChart x={x} series={byType} kind="bars" stacked format={fmtInt} label={`Errors by type ${per}, stacked`} />
        </Panel>
        <Panel title="Tool failures by tool" note={`Failed tool calls ${per}, stacked by tool`}>
          {byTool.length ? <TimeChart x={x} series={byTool} kind="bars" stacked format={fmtInt} label={`Tool failures by tool ${per}, stacked`} /> : <p className="muted tool-none">No tool failed in this range.</p>}
        </Panel>
      </div>
      <Panel title="Recurring errors" note="Messages grouped with ids, hex and numbers masked; the 50 most frequent. Open a row for an example." actions={<CsvDownload rows={data.recurring} columns={RECURRING_CSV_COLUMNS} name="recurring-errors" />}>
        <ClientTable rows={data.recurring} columns={RECURRING_COLUMNS} rowKey={(r) => `${r.type}|${r.pattern}`} caption="Recurring error messages" pageSize={10} label="Recurring errors" empty={<p className="muted">No recurring errors.</p>} />
      </Panel>
    </>
  );
}

function valuesOf(x: number[], points: ErrorSeriesPoint[], match: (key: string) => boolean): number[] {
  const byBucket = new Map<number, number>();
  for (const p of points) if (match(p.key)) byBucket.set(p.bucket, (byBucket.get(p.bucket) ?? 0) + p.count);
  return x.map((t) => byBucket.get(t) ?? 0);
}

function toolSeries(x: number[], points: ErrorSeriesPoint[]): ChartSeries[] {
  const totals = new Map<string, number>();
  for (const p of points) totals.set(p.key, (totals.get(p.key) ?? 0) + p.count);
  const tools = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || (a < b ? -1 : 1));
  const shown = tools.length > MAX_TOOL_SERIES ? tools.slice(0, MAX_TOOL_SERIES - 1) : tools;
  const rest = new Set(tools.slice(shown.length));
  const series: ChartSeries[] = shown.map((tool) => ({ label: tool, values: valuesOf(x, points, (k) => k === tool) }));
  if (rest.size) series.push({ label: `Other tools (${rest.size})`, values: valuesOf(x, points, (k) => rest.has(k)) });
  return series;
}

export function TypeBadge({ type }: { type: string }) {
  const tone = type === 'error' ? 'bad' : type === 'api_error' ? 'warn' : 'accent';
  return <span className={`badge ${tone}`}>{TYPE_LABEL[type] ?? type}</span>;
}

const RECURRING_COLUMNS: Array<ClientColumn<RecurringError>> = [
  {
    key: 'pattern',
    label: 'Pattern',
    value: (r) => r.pattern,
    sortable: false,
    render: (r) => (
      <details className="error-pattern">
        <summary>
          <code className="pattern-line" data-pattern={r.pattern}>
            {r.pattern}
          </code>
        </summary>
        <div className="pattern-example">
          <span className="muted">Example</span>
          <pre>{r.example}</pre>
        </div>
      </details>
    ),
  },
  { key: 'type', label: 'Type', value: (r) => r.type, render: (r) => <TypeBadge type={r.type} /> },
  { key: 'count', label: 'Count', align: 'right', value: (r) => r.count, render: (r) => <strong data-pattern-count={r.count}>{fmtInt(r.count)}</strong> },
  { key: 'sessions', label: 'Sessions', align: 'right', value: (r) => r.sessions, render: (r) => fmtInt(r.sessions) },
  { key: 'firstSeen', label: 'First seen', value: (r) => r.firstSeen, csv: (r) => new Date(r.firstSeen).toISOString(), render: (r) => <span className="nowrap">{fmtTime(r.firstSeen)}</span> },
  { key: 'lastSeen', label: 'Last seen', value: (r) => r.lastSeen, csv: (r) => new Date(r.lastSeen).toISOString(), render: (r) => <span className="nowrap" title={fmtTime(r.lastSeen)}>{fmtRelative(r.lastSeen)}</span> },
];

/** The CSV also carries an example of each pattern. */
const RECURRING_CSV_COLUMNS: Array<ClientColumn<RecurringError>> = [...RECURRING_COLUMNS, { key: 'example', label: 'Example', value: (r) => r.example }];

/** The recent errors of GET /errors (`recent`, cursor-paginated), newest first. */
function useRecentErrors(params: Params): CursorList<ErrorRow> {
  const paramsKey = JSON.stringify(params);
  const [cursors, setCursors] = useState<{ key: string; stack: string[] }>({ key: paramsKey, stack: [] });
  useEffect(() => setCursors({ key: paramsKey, stack: [] }), [paramsKey]);
  const stack = cursors.key === paramsKey ? cursors.stack : [];
  const state = useApi<ErrorsAnswer>('/errors', { ...params, limit: PAGE_SIZE, cursor: stack[stack.length - 1] });
  const nextCursor = state.data?.recent.nextCursor ?? null;
  return {
    ...state,
    data: state.data?.recent,
    page: stack.length + 1,
    hasNext: nextCursor !== null,
    hasPrevious: stack.length > 0,
    next: () => nextCursor && setCursors({ key: paramsKey, stack: [...stack, nextCursor] }),
    previous: () => setCursors({ key: paramsKey, stack: stack.slice(0, -1) }),
  };
}

function RecentErrors({ params }: { params: Record<string, string> }) {
  const list = useRecentErrors(params);
  return (
    <Panel title="Recent errors" id="recent-errors" actions={<ExportLinks path="/errors" params={params} name="errors" />}>
      {list.error && list.data === undefined ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : list.data === undefined ? (
        <Skeleton count={6} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No errors in this range.</p>
      ) : (
        <div data-testid="recent-errors" aria-busy={list.fetching}>
          <DataTable rows={list.data.items} columns={RECENT_COLUMNS} rowKey={(r) => r.id} caption="Recent errors, newest first" />
          <Pager list={list} label="Recent errors" />
        </div>
      )}
    </Panel>
  );
}

const RECENT_COLUMNS: Array<Column<ErrorRow>> = [
  { key: 'ts', label: 'When', sortable: false, render: (r) => <span className="nowrap">{fmtTime(r.ts)}</span> },
  { key: 'type', label: 'Type', sortable: false, render: (r) => <TypeBadge type={r.type} /> },
  { key: 'toolName', label: 'Tool', sortable: false, render: (r) => (r.toolName ? <span className="mono">{r.toolName}</span> : <span className="muted">–</span>) },
  {
    key: 'message',
    label: 'Message',
    sortable: false,
    render: (r) => (
      <span className="error-message" title={r.message} data-error-id={r.id}>
        {r.message || '–'}
      </span>
    ),
  },
  { key: 'sessionId', label: 'Session', sortable: false, render: (r) => <Link href={`/sessions/${encodeURIComponent(r.sessionId)}`} className="mono" title={`Session ${r.sessionId}`}>{r.sessionId.slice(0, 8)}</Link> },
];
