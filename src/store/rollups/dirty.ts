import type { Dialect } from '../sql/dialect.js';
import type { SqlSession } from '../sql/session.js';
import type { Grain } from './grains.js';

/**
 * Temp tables of the refresh (touched sessions, dirty buckets as (d_team, d_bucket)), and the join that
 * picks the rows inside dirty buckets. DuckDB has no indexes: it hash-joins on the computed bucket.
 * PostgreSQL looks each bucket up as a time range in an index (team_id, …, ts), so a live write reads
 * only the rows of its few buckets.
 */

/** A temp table for this transaction (PostgreSQL drops it at commit; DuckDB replaces it next time). */
export async function createTempTable(db: SqlSession, dialect: Dialect, name: string, asSelect: string, params: unknown[] = []): Promise<void> {
  if (dialect === 'duckdb') {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${name} AS ${asSelect}`, params);
    return;
  }
  await db.run(`CREATE TEMP TABLE ${name} ON COMMIT DROP AS ${asSelect}`, params);
  // the planner's row estimate for a fresh temp table is a guess that can turn an index lookup into a scan
  await db.run(`ANALYZE ${name}`);
}

/**
 * `from` and `where` selecting the rows of `table` whose time column `tsColumn` lies in a bucket of
 * `dirty` (bucket k covering [k + offset, k + offset + grain)).
 */
export function dirtyRows(dialect: Dialect, dirty: string, table: string, tsColumn: string, grain: Grain, offset: number): { from: string; where: string } {
  if (dialect === 'postgres') {
    const start = offset ? `d_bucket + ${offset}` : 'd_bucket';
    return {
      from: `${dirty} JOIN ${table} ON ${table}.team_id = d_team AND ${table}.${tsColumn} >= ${start} AND ${table}.${tsColumn} < ${start} + ${grain.ms}`,
      where: 'TRUE',
    };
  }
  const shifted = offset ? `(${tsColumn} - ${offset})` : tsColumn;
  return { from: table, where: `EXISTS (SELECT 1 FROM ${dirty} WHERE d_team = team_id AND d_bucket = ${shifted} - ${shifted} % ${grain.ms})` };
}
