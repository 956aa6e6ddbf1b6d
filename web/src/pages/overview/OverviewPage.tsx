import { DemoOffer } from '../../components/DemoOffer';
import { EmptyState, Loadable, Skeleton } from '../../components/Panel';
import { useLocation, withParams } from '../../lib/router';
import { useTimeRange } from '../../lib/time-range';
import { useApi } from '../../lib/use-api';
import { FailingTools } from './FailingTools';
import { KpiGrid } from './KpiGrid';
import { LogLevels } from './LogLevels';
import { SourcesStrip } from './SourcesStrip';
import { TopSessions } from './TopSessions';
import { UsageCharts } from './UsageCharts';
import type { OverviewAnswer } from './types';
import './overview.css';

export const SETUP_LINES = `npx sightline import                 # Claude Code transcripts already on disk
npx sightline hooks install          # live events from Claude Code hooks
export CLAUDE_CODE_ENABLE_TELEMETRY=1 OTEL_LOGS_EXPORTER=otlp \\
  OTEL_EXPORTER_OTLP_PROTOCOL=http/json OTEL_EXPORTER_OTLP_ENDPOINT=${location.origin} \\
  OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer $(cat ~/.sightline/token)"`;

export default function OverviewPage() {
  const range = useTimeRange();
  const { search } = useLocation();
  const carried = withParams(new URLSearchParams([...search].filter(([k]) => ['range', 'from', 'to'].includes(k))), {});
  const overview = useApi<OverviewAnswer>('/overview', range.params);
  const empty = overview.data && overview.data.kpis.sessions.value === 0 && overview.data.kpis.sessions.previous === 0 && overview.data.kpis.activeNow === 0;
  return (
    <>
      <SourcesStrip params={range.params} />
      <Loadable state={overview} skeleton={<Skeleton height={90} count={3} />}>
        {(data) =>
          empty ? (
            <div className="panel">
              <EmptyState title={`No agent activity in the ${range.label.toLowerCase()}`} code={SETUP_LINES}>
                Sightline fills up as soon as an agent works. Point it at your data with any of these, then come back — new sessions appear within a second:
              </EmptyState>
              <DemoOffer />
            </div>
          ) : (
            <>
              <KpiGrid kpis={data.kpis} />
              <UsageCharts series={data.series} bucket={data.bucket} />
            </>
          )
        }
      </Loadable>
      {!empty && (
        <>
          <FailingTools params={range.params} range={carried} />
          <div className="grid two">
            <TopSessions params={range.params} range={carried} />
            <LogLevels params={range.params} range={carried} />
          </div>
        </>
      )}
    </>
  );
}
