import type { Grain } from './grains.js';
import { columnNames, hasColumn, isTiered, type RollupTable } from './table.js';

/**
 * SQL that writes roll-up rows. Statements are few on purpose: a live write refreshes roll-ups after
 * every batch, and each statement costs DuckDB a few milliseconds however little it touches.
 */

/** SELECT of a tiered table's `coarse` rows from `rows` (a relation with the table's columns). */
function coarserSelectSql(table: RollupTable, coarse: Grain, rows: string): string {
  const names = columnNames(table);
  const select = names.map((name) => {
    if (name === 'bucket') return `bucket - bucket % ${coarse.ms}`;
    const aggregate = table.values[name];
    return aggregate ? `${aggregate}(${name})` : name;
  });
  const groups = names.map((name, i) => (table.values[name] ? null : String(i + 2))).filter((g): g is string => g !== null);
  return `SELECT '${coarse.name}', ${select.join(', ')} FROM ${rows} GROUP BY ${groups.join(', ')}`;
}

export interface InsertOptions {
  /** rows in time order: DuckDB skips row groups by their min/max (a full rebuild leaves it out: sorting
   * everything at once needs more than DuckDB's memory limit) */
  sorted?: boolean;
  /** the coarser grains too, summed from the new rows: only when they hold whole hours and days (all of a
   * session's rows, or all rows) */
  tiers?: boolean;
}

/** INSERT of a roll-up's rows computed from its source rows `from` matching `where`. */
export function insertFromSourceSql(table: RollupTable, where: string, from?: string, opts: InsertOptions = {}): string {
  const { sorted = true, tiers = true } = opts;
  const names = columnNames(table);
  const time = hasColumn(table, 'bucket') ? 'bucket' : 'ts';
  const fresh = `WITH fresh AS (SELECT * FROM (${table.select(where, from)}) AS r(${names.join(', ')}))`;
  if (!isTiered(table)) return `INSERT INTO ${table.name} (${names.join(', ')}) ${fresh} SELECT * FROM fresh${sorted ? ` ORDER BY ${time}` : ''}`;
  const coarser = tiers ? table.grains.slice(1) : [];
  const selects = [`SELECT '${table.grains[0].name}', * FROM fresh`, ...coarser.map((g) => coarserSelectSql(table, g, 'fresh'))];
  return `INSERT INTO ${table.name} (grain, ${names.join(', ')}) ${fresh}
    SELECT * FROM (${selects.join(' UNION ALL ')}) AS tiers(grain, ${names.join(', ')})${sorted ? ` ORDER BY grain, ${time}` : ''}`;
}

/** INSERT of a tiered table's coarser rows (every grain after the first), summed from its finest rows `from` matching `where`. */
export function insertCoarserSql(table: RollupTable, where: string, from = table.name): string {
  const names = columnNames(table);
  const fine = `(SELECT ${names.map((n) => `${table.name}.${n}`).join(', ')} FROM ${from} WHERE ${table.name}.grain = '${table.grains[0].name}' AND (${where})) AS fine`;
  const selects = table.grains.slice(1).map((g) => coarserSelectSql(table, g, fine));
  return `INSERT INTO ${table.name} (grain, ${names.join(', ')}) ${selects.join(' UNION ALL ')}`;
}

/** DELETE of the rows of `table` in the buckets of `dirty` (d_team, d_bucket, and d_grain when tiered). */
export function deleteDirtySql(table: RollupTable, dirty: string): string {
  const ofGrain = isTiered(table) ? ` AND ${table.name}.grain = d_grain` : '';
  return `DELETE FROM ${table.name} USING ${dirty} WHERE ${table.name}.team_id = d_team AND ${table.name}.bucket = d_bucket${ofGrain}`;
}
