import type { Grain } from './grains.js';

/**
 * One roll-up table: its columns and the one SELECT that computes its rows from source rows. The
 * store fills the table with it, and reads use the same SELECT for what the table cannot cover
 * (the edges of a range, filters it has no column for), so both always agree.
 */
export interface RollupTable {
  name: string;
  /** columns in table order (a tiered table also has `grain TEXT` first) */
  columns: ReadonlyArray<readonly [name: string, type: string]>;
  /** value columns and how rows of a finer bucket combine into a coarser one; the rest are keys */
  values: Readonly<Record<string, 'sum' | 'min' | 'max'>>;
  /** where the rows come from: `events`, or another roll-up (rollup_call_latency) */
  source: string;
  /**
   * 'session': rows belong to one session and are recomputed per session;
   * 'bucket': rows mix sessions and are recomputed per dirty (team, quarter hour)
   */
  keyedBy: 'session' | 'bucket';
  /** the grains stored: one for plain tables, finest first for tiered ones (with a `grain` column) */
  grains: readonly Grain[];
  /** bucket key k covers [k + offset, k + offset + ms) */
  offset: number;
  /** SELECT of the columns (table order, no grain) from `from` (default the source) rows matching `where` */
  select(where: string, from?: string): string;
}

export function isTiered(table: RollupTable): boolean {
  return table.grains.length > 1;
}

export function columnNames(table: RollupTable): string[] {
  return table.columns.map(([name]) => name);
}

export function hasColumn(table: RollupTable, column: string): boolean {
  return table.columns.some(([name]) => name === column);
}

/** CREATE TABLE for a roll-up; tiered tables get the `grain` column first. */
export function createTableSql(table: RollupTable): string {
  const columns = [...(isTiered(table) ? [['grain', 'TEXT NOT NULL'] as const] : []), ...table.columns];
  return `CREATE TABLE ${table.name} (\n    ${columns.map(([name, type]) => `${name} ${type}`).join(',\n    ')}\n  )`;
}

/** The bucket of an event time for a grain (with its offset). */
export function bucketSql(grain: Grain, offset: number, ts = 'ts'): string {
  return offset ? `(${ts} - ${offset}) - ((${ts} - ${offset}) % ${grain.ms})` : `${ts} - ${ts} % ${grain.ms}`;
}
