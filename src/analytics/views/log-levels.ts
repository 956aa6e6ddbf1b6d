import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { eventConditions, type ViewFilters } from './filters.js';
import { LOG_ROWS } from './logs.js';

export interface LevelCount {
  level: 'debug' | 'info' | 'warning' | 'error';
  count: number;
}

/** A log line without a level still has one: errors are errors, API retries warnings, the rest info. */
const EFFECTIVE_LEVEL = `coalesce(level, CASE kind WHEN 'error' THEN 'error' WHEN 'api_error' THEN 'warning' ELSE 'info' END)`;
const ORDER: LevelCount['level'][] = ['debug', 'info', 'warning', 'error'];

/** How many log lines (the rows /logs lists) of each level the range holds; every level present, zero or not. */
export async function logLevels(store: Store, scope: Scope, filters: ViewFilters): Promise<{ levels: LevelCount[]; total: number }> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT ${EFFECTIVE_LEVEL} AS level, count(*) AS n FROM events WHERE ${[...eventConditions(params, scope, filters), LOG_ROWS].join(' AND ')} GROUP BY 1`,
    params.values,
  );
  const counts = new Map(rows.map((row) => [String(row.level), toNumber(row.n)]));
  const levels = ORDER.map((level) => ({ level, count: counts.get(level) ?? 0 }));
  return { levels, total: levels.reduce((sum, l) => sum + l.count, 0) };
}
