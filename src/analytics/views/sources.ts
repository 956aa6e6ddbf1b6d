import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { SOURCE_LEVELS } from '../../store/rollups/bucket-tables.js';
import { withEdgeEvents } from './edge-events.js';
import type { ViewFilters } from './filters.js';
import { rollupRows } from './rollup-source.js';

/** The ways events arrive (the canonical `source` field), in the order the dashboard shows them. */
export const KNOWN_SOURCES = ['transcript', 'hook', 'otlp', 'api'] as const;
/** A source that delivered within this long is "receiving". */
export const RECEIVING_WITHIN_MS = 5 * 60_000;

export interface SourceState {
  source: string;
  /** events from this source in the range */
  events: number;
  /** its newest event in the range, epoch ms */
  lastTs: number | null;
  state: 'receiving' | 'quiet' | 'no_data';
}

/** Per ingest source: events in the range and how recently it delivered. Known sources are always listed. */
export async function sourceStates(store: Store, scope: Scope, filters: ViewFilters, now = Date.now()): Promise<{ sources: SourceState[] }> {
  const rows = await withEdgeEvents(store, [filters], [SOURCE_LEVELS], (edges) => {
    const params = new SqlParams();
    const source = rollupRows(params, SOURCE_LEVELS, scope, filters, SOURCE_LEVELS.grains, edges);
    return store.reads.all(`SELECT source, sum(n) AS n, max(last_ts) AS last_ts FROM ${source} AS r GROUP BY source`, params.values);
  });
  const found = new Map(rows.map((row) => [String(row.source), { events: toNumber(row.n), lastTs: toNumber(row.last_ts) }]));
  const names = [...KNOWN_SOURCES, ...[...found.keys()].filter((name) => !(KNOWN_SOURCES as readonly string[]).includes(name)).sort()];
  return {
    sources: names.map((source) => {
      const seen = found.get(source);
      if (!seen) return { source, events: 0, lastTs: null, state: 'no_data' };
      return { source, ...seen, state: now - seen.lastTs <= RECEIVING_WITHIN_MS ? 'receiving' : 'quiet' };
    }),
  };
}
