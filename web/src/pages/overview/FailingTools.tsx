import { Loadable, Panel } from '../../components/Panel';
import type { Params } from '../../lib/api';
import { fmtInt, fmtPct, fmtRelative } from '../../lib/format';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import type { RecurringAnswer, ToolStats, ToolsAnswer } from './types';

const TOP = 6;

/** The tools and MCP servers that fail most, and the error messages that keep coming back. */
export function FailingTools({ params, range }: { params: Params; range: string }) {
  // the panels' parts only: no slowest calls, no error series or recent list
  const tools = useApi<ToolsAnswer>('/tools', { ...params, slowest: 0 });
  const errors = useApi<RecurringAnswer>('/errors/recurring', { ...params, limit: TOP });
  return (
    <div className="grid two">
      <Panel title="Top failing tools and MCP servers" actions={<Link href={`/tools${range}`}>Tools →</Link>}>
        <Loadable state={tools}>{(data) => <FailureList tools={data.tools} servers={data.byMcpServer} />}</Loadable>
      </Panel>
      <Panel title="Recurring errors" actions={<Link href={`/errors${range}`}>Errors →</Link>}>
        <Loadable state={errors}>
          {(data) =>
            data.recurring.length === 0 ? (
              <p className="muted">No errors in this range.</p>
            ) : (
              <ul className="plain-list" data-testid="recurring-errors">
                {data.recurring.map((error) => (
                  <li key={error.type + error.pattern}>
                    <div className="truncate mono" title={error.example}>
                      {error.pattern}
                    </div>
                    <div className="muted">
                      <span className="badge bad">{fmtInt(error.count)}×</span> {error.type} · {fmtInt(error.sessions)} session{error.sessions === 1 ? '' : 's'} · last {fmtRelative(error.lastSeen)}
                    </div>
                  </li>
                ))}
              </ul>
            )
          }
        </Loadable>
      </Panel>
    </div>
  );
}

function FailureList({ tools, servers }: { tools: ToolStats[]; servers: ToolStats[] }) {
  const failing = [...tools.map((t) => ({ ...t, kind: 'tool' })), ...servers.map((s) => ({ ...s, kind: 'MCP server' }))]
    .filter((t) => t.errors > 0)
    .sort((a, b) => b.errors - a.errors || a.name.localeCompare(b.name))
    .slice(0, TOP);
  if (failing.length === 0) return <p className="muted">No failed tool calls in this range.</p>;
  return (
    <table className="data" data-testid="failing-tools">
      <caption className="sr-only">Tools and MCP servers with the most failed calls</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="num">Failed</th>
          <th scope="col" className="num">Calls</th>
          <th scope="col" className="num">Success</th>
        </tr>
      </thead>
      <tbody>
        {failing.map((t) => (
          <tr key={t.kind + t.name}>
            <td className="truncate">
              {t.name} {t.kind === 'MCP server' && <span className="badge accent">MCP</span>}
            </td>
            <td className="num">{fmtInt(t.errors)}</td>
            <td className="num">{fmtInt(t.calls)}</td>
            <td className="num">{fmtPct(t.successRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
