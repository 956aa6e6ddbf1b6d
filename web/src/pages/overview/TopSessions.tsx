import { Loadable, Panel } from '../../components/Panel';
import { StatusBadge } from '../../components/StatusBadge';
import type { Params } from '../../lib/api';
import { fmtCompact, fmtUsd, projectName } from '../../lib/format';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/use-api';

interface SessionRow {
  sessionId: string;
  title: string | null;
  project: string | null;
  cwd: string | null;
  status: string;
  totalTokens: number;
  costUsd: number;
}

/** The five costliest sessions of the range, each a link to its page. */
export function TopSessions({ params, range }: { params: Params; range: string }) {
  const state = useApi<{ items: SessionRow[] }>('/sessions', { ...params, sort: 'cost', limit: 5 });
  return (
    <Panel title="Costliest sessions" actions={<Link href={`/sessions${range}${range ? '&' : '?'}sort=cost`}>Sessions →</Link>}>
      <Loadable state={state}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">No sessions in this range.</p>
          ) : (
            <ul className="plain-list" data-testid="top-sessions">
              {data.items.map((s) => (
                <li key={s.sessionId} className="top-session">
                  <Link href={`/sessions/${encodeURIComponent(s.sessionId)}`} className="truncate">
                    {s.title || s.sessionId}
                  </Link>
                  <span className="muted truncate" title={s.cwd ?? s.project ?? undefined}>{projectName(s.cwd, s.project)}</span>
                  <span className="num">
                    {fmtCompact(s.totalTokens)} tok · <strong>{fmtUsd(s.costUsd)}</strong>
                  </span>
                  <StatusBadge status={s.status} />
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
    </Panel>
  );
}
