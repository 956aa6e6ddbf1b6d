import { useMemo } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportLinks } from '../../components/ExportLinks';
import { EmptyState, ErrorNotice, Panel, Skeleton } from '../../components/Panel';
import { Pager } from '../../components/Pager';
import { useQueryParams } from '../../lib/router';
import { useTimeRange } from '../../lib/time-range';
import { useCursorList } from '../../lib/use-cursor-list';
import type { PageProps } from '../../routes';
import type { Me } from '../../lib/auth';
import { useMe, useUserNames } from '../insights/people';
import { AUDIT_COLUMNS } from '../me/QueriesTab';
import type { AuditEntry } from '../me/types';
import { AuditFilters, FILTER_KEYS } from './AuditFilters';
import './audit.css';

const PAGE_SIZE = 50;

/** The audit log: who did what, when, from which client. Admins see their whole team, others their own rows (the API decides). */
export default function AuditPage(_props: PageProps) {
  const range = useTimeRange();
  const [search, setParams] = useQueryParams();
  const { me } = useMe();
  const { members, nameOf } = useUserNames();
  const filters = Object.fromEntries(FILTER_KEYS.map((key) => [key, search.get(key) ?? ''])) as Record<(typeof FILTER_KEYS)[number], string>;
  const params = useMemo(
    () => ({ ...filters, since: range.params.from, until: range.params.to, limit: PAGE_SIZE }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [range.params, ...FILTER_KEYS.map((key) => filters[key])],
  );
  const list = useCursorList<AuditEntry>('/audit', params);
  const columns = useMemo(() => withActor(nameOf), [nameOf]);
  const filtered = FILTER_KEYS.some((key) => filters[key]);
  return (
    <>
      <WhoseRows me={me} />
      <AuditFilters values={filters} setParams={setParams} members={me?.role === 'admin' ? members : []} />
      <Panel title="Audit log" id="audit" note={<span>{range.label} · newest first{list.fetching && !list.loading ? ' · updating…' : ''}</span>} actions={<ExportLinks path="/audit" params={params} name="audit-log" />}>
        {list.error && !list.data ? (
          <ErrorNotice error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Skeleton height={28} count={8} />
        ) : (
          <DataTable
            rows={list.data.items}
            columns={columns}
            rowKey={(r) => r.id}
            caption="Audit log entries, newest first"
            empty={
              <EmptyState title={filtered ? 'No entries match these filters' : 'No audit entries in this time range'}>
                {filtered ? (
                  <button className="btn" type="button" onClick={() => setParams(Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined])))}>
                    Clear the filters
                  </button>
                ) : (
                  'Sign-ins, key and member changes, exports and data reads are recorded here.'
                )}
              </EmptyState>
            }
          />
        )}
        <Pager list={list} label="Audit log" />
      </Panel>
    </>
  );
}

/** Says whose rows are listed: the API answers admins with the whole team, everyone else with their own. */
function WhoseRows({ me }: { me: Me | null }) {
  if (!me) return null;
  return me.role === 'admin' ? (
    <p className="notice audit-whose" data-testid="audit-scope" data-scope="team">
      You are an admin: this is the audit log of <strong>everyone in {me.team.name || 'your team'}</strong>.
    </p>
  ) : (
    <p className="notice audit-whose" data-testid="audit-scope" data-scope="own">
      You see <strong>your own entries</strong> only; admins see everyone's.
    </p>
  );
}

function withActor(nameOf: (userId: string | null) => string): Array<Column<AuditEntry>> {
  const actor: Column<AuditEntry> = { key: 'actor', label: 'Actor', sortable: false, render: (r) => <span data-actor={r.actorId ?? ''}>{nameOf(r.actorId)}</span> };
  const detail: Column<AuditEntry> = { key: 'detail', label: 'Detail', sortable: false, render: (r) => <span className="mono truncate audit-detail" title={r.detail ?? ''}>{r.detail ?? ''}</span> };
  return [AUDIT_COLUMNS[0], actor, ...AUDIT_COLUMNS.slice(1), detail];
}
