import type { Params } from '../../lib/api';
import { fmtInt, fmtRelative } from '../../lib/format';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import type { IngestStatus, SourcesAnswer } from './types';

const SOURCE_LABELS: Record<string, string> = { transcript: 'Transcripts', hook: 'Hooks', otlp: 'OpenTelemetry', api: 'Event API', statusline: 'Status line' };
const STATE_TONE = { receiving: 'ok', quiet: '', no_data: '' } as const;

/** One chip per ingest source: receiving / quiet / no data, events in the range, last event. */
export function SourcesStrip({ params }: { params: Params }) {
  const sources = useApi<SourcesAnswer>('/sources', params);
  const ingest = useApi<IngestStatus>('/ingest/status');
  if (!sources.data) return null;
  return (
    <section className="panel sources-strip" aria-label="Ingest sources" data-testid="sources-strip">
      {sources.data.sources.map((s) => (
        <div key={s.source} className="source-chip">
          <span className={`badge ${STATE_TONE[s.state]}`}>
            <span className={`pulse ${s.state === 'receiving' ? 'live' : 'ended'}`} aria-hidden="true" />
            {SOURCE_LABELS[s.source] ?? s.source}
          </span>
          <span className="muted">
            {s.state === 'no_data' ? 'no data in range' : `${fmtInt(s.events)} events · last ${fmtRelative(s.lastTs)}`}
            {s.source === 'transcript' && ingest.data && ` · ${ingest.data.caughtUp ? 'watching' : 'catching up'} ${fmtInt(ingest.data.files)} files`}
          </span>
        </div>
      ))}
      <Link href="/system" className="source-chip">
        System health →
      </Link>
    </section>
  );
}
