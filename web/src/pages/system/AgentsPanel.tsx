import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState, Loadable, Panel } from '../../components/Panel';
import { fmtBytes, fmtDuration, fmtInt, fmtRelative } from '../../lib/format';
import { useApi } from '../../lib/use-api';

/** One `sightline agent` as the server has seen it (GET /api/v1/agent/status). */
interface AgentStatus {
  agentId: string;
  userId: string;
  hostname: string | null;
  lastPushAt: number;
  lastSuccessAt: number | null;
  lagMs: number | null;
  pushes: number;
  errors: number;
  lastError: string | null;
  eventsPushed: number;
  eventsInserted: number;
  bytesPushed: number;
}

/** Agents shipping developers' local sessions here: yours, or the whole team's for an admin. */
export function AgentsPanel() {
  const agents = useApi<{ agents: AgentStatus[] }>('/agent/status');
  const now = Date.now();
  const columns: Array<Column<AgentStatus>> = [
    { key: 'host', label: 'Machine', value: (a) => a.hostname ?? a.agentId },
    { key: 'last', label: 'Last push', value: (a) => a.lastPushAt, render: (a) => fmtRelative(a.lastPushAt, now) },
    { key: 'lag', label: 'Lag', align: 'right', value: (a) => a.lagMs, render: (a) => (a.lagMs === null ? '–' : fmtDuration(a.lagMs)) },
    { key: 'events', label: 'Events pushed', align: 'right', value: (a) => a.eventsPushed, render: (a) => fmtInt(a.eventsPushed) },
    { key: 'bytes', label: 'Sent', align: 'right', value: (a) => a.bytesPushed, render: (a) => fmtBytes(a.bytesPushed) },
    { key: 'errors', label: 'Failed pushes', align: 'right', value: (a) => a.errors, render: (a) => fmtInt(a.errors) },
    { key: 'error', label: 'Last error', value: (a) => a.lastError ?? '', render: (a) => (a.lastError ? <span style={{ color: 'var(--bad)' }}>{a.lastError}</span> : '–') },
  ];
  return (
    <Panel title="Agents" id="sys-agents" note="Developers' machines running sightline agent: the last push, how far behind it is, and its errors.">
      <Loadable state={agents}>
        {(data) =>
          data.agents.length === 0 ? (
            <EmptyState title="No agent has pushed yet" code="sightline agent --server https://this-server --key sl_…">
              On each developer machine, run the agent with an API key that has the ingest scope (Settings → API keys). See docs/agent.md.
            </EmptyState>
          ) : (
            <DataTable rows={data.agents} rowKey={(a) => `${a.agentId}/${a.userId}`} caption="Agents" columns={columns} />
          )
        }
      </Loadable>
    </Panel>
  );
}
