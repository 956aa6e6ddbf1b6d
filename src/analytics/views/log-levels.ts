import type { Scope } from '../../core/scope.js';
import { SOURCE_LEVELS } from '../../store/rollups/bucket-tables.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { withEdgeEvents } from './edge-events.js';
import type { ViewFilters } from './filters.js';
import { rollupRows } from './rollup-source.js';

export interface LevelCount {
  level: 'debug' | 'info' | 'warning' | 'error';
  count: number;
}

const ORDER: LevelCount['level'][] = ['debug', 'info', 'warning', 'error'];

/**
 * How many log lines (the rows /logs lists) of each level the range holds; every level present, zero or not.
 * Read from rollup_source_levels, whose `level` is the effective level of log rows (NULL for the rest).
 */
export async function logLevels(store: Store, scope: Scope, filters: ViewFilters): Promise<{ levels: LevelCount[]; total: number }> {
  const rows = await withEdgeEvents(store, [filters], [SOURCE_LEVELS], (edges) => {
    const params = new SqlParams();
    const source = rollupRows(params, SOURCE_LEVELS, scope, filters, SOURCE_LEVELS.grains, edges);
    return store.reads.all(`SELECT level, sum(n) AS n FROM ${source} AS r WHERE level IS NOT NULL GROUP BY level`, params.values);
  });
  const counts = new Map(rows.map((row) => [String(row.level), toNumber(row.n)]));
  const levels = ORDER.map((level) => ({ level, count: counts.get(level) ?? 0 }));
  return { levels, total: levels.reduce((sum, l) => sum + l.count, 0) };
}
