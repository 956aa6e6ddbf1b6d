import { BarList } from '../../components/BarList';
import { Loadable, Panel } from '../../components/Panel';
import { Link } from '../../lib/router';
import type { Params } from '../../lib/api';
import { fmtInt } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import type { LevelsAnswer } from './types';

const LEVEL_COLORS: Record<string, string> = { debug: '#6e7687', info: '#5b6cff', warning: '#f29d38', error: '#e5484d' };

/** How the range's log lines split over levels; each level links to the Logs page filtered to it. */
export function LogLevels({ params, range }: { params: Params; range: string }) {
  const state = useApi<LevelsAnswer>('/logs/levels', params);
  return (
    <Panel title="Log levels" actions={<Link href={`/logs${range}`}>All logs →</Link>}>
      <Loadable state={state}>
        {(data) =>
          data.total === 0 ? (
            <p className="muted">No log lines in this range.</p>
          ) : (
            <BarList
              label="Log lines per level"
              items={data.levels.map((l) => ({
                key: l.level,
                label: <Link href={`/logs${range}${range ? '&' : '?'}level=${l.level}`}>{l.level.toUpperCase()}</Link>,
                value: l.count,
                display: fmtInt(l.count),
                color: LEVEL_COLORS[l.level],
              }))}
            />
          )
        }
      </Loadable>
    </Panel>
  );
}
