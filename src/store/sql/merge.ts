import { byteOrder, type Dialect } from './dialect.js';
import { EVENT_COLUMNS } from './columns.js';

/**
 * core/merge.ts's rule in SQL: the SQL text both stores use to merge a staged copy (alias `s`)
 * into the stored row with the same id (alias `e`). Keep in step with `candidateWins` and `mergeEvents`.
 */

const MERGED_COLUMNS = EVENT_COLUMNS.filter((c) => c.column !== 'id');

function tokenTotal(alias: string): string {
  return ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens']
    .map((c) => `coalesce(${alias}.${c}, 0)`)
    .join(' + ');
}

/** True when the staged copy `s` beats the stored row `e` (candidateWins(s, e)). */
export function stagedWinsSql(dialect: Dialect, s = 's', e = 'e'): string {
  const side = (a: string) => `coalesce(${a}.is_sidechain, false)`;
  const path = (a: string) => byteOrder(dialect, `coalesce(${a}.source_path, '')`);
  return `(CASE
    WHEN ${side(s)} <> ${side(e)} THEN ${side(e)}
    WHEN (${tokenTotal(s)}) <> (${tokenTotal(e)}) THEN (${tokenTotal(s)}) > (${tokenTotal(e)})
    WHEN (${s}.speed IS NOT NULL) <> (${e}.speed IS NOT NULL) THEN ${s}.speed IS NOT NULL
    WHEN ${path(s)} <> ${path(e)} THEN ${path(s)} < ${path(e)}
    ELSE coalesce(${s}.source_offset, 0) < coalesce(${e}.source_offset, 0)
  END)`;
}

/** A column after the merge: the winner's value, or the loser's where the winner has none. */
function mergedColumnSql(column: string, wins: string, s: string, e: string): string {
  return `(CASE WHEN ${wins} THEN coalesce(${s}.${column}, ${e}.${column}) ELSE coalesce(${e}.${column}, ${s}.${column}) END)`;
}

/** duration_ms after the merge; like mergeEvents it is derived from end_ts - ts when still unknown. */
function mergedDurationSql(wins: string, s: string, e: string): string {
  const ts = mergedColumnSql('ts', wins, s, e);
  const endTs = mergedColumnSql('end_ts', wins, s, e);
  const duration = mergedColumnSql('duration_ms', wins, s, e);
  return `coalesce(${duration}, CASE WHEN ${endTs} >= ${ts} THEN ${endTs} - ${ts} END)`;
}

/** attrs merge key by key, the winner's keys over the loser's (mergeEvents does the same). */
function mergedAttrsSql(dialect: Dialect, wins: string, s: string, e: string): string {
  const over = (base: string, top: string) =>
    dialect === 'duckdb'
      ? `CASE WHEN ${base}.attrs IS NULL THEN ${top}.attrs WHEN ${top}.attrs IS NULL THEN ${base}.attrs ELSE json_merge_patch(${base}.attrs, ${top}.attrs) END`
      : `CASE WHEN ${base}.attrs IS NULL THEN ${top}.attrs WHEN ${top}.attrs IS NULL THEN ${base}.attrs ELSE ${base}.attrs || ${top}.attrs END`;
  return `(CASE WHEN ${wins} THEN ${over(e, s)} ELSE ${over(s, e)} END)`;
}

function mergedValueSql(dialect: Dialect, column: string, wins: string, s: string, e: string): string {
  if (column === 'attrs') return mergedAttrsSql(dialect, wins, s, e);
  return column === 'duration_ms' ? mergedDurationSql(wins, s, e) : mergedColumnSql(column, wins, s, e);
}

/** `col = merged, …` for an UPDATE (or ON CONFLICT DO UPDATE) of the stored row `e`. */
export function mergeAssignmentsSql(dialect: Dialect, s = 's', e = 'e'): string {
  const wins = stagedWinsSql(dialect, s, e);
  return MERGED_COLUMNS.map((c) => `${c.column} = ${mergedValueSql(dialect, c.column, wins, s, e)}`).join(',\n    ');
}

/** True when merging would change the stored row; rows it would leave as they are are not rewritten. */
export function mergeChangesRowSql(dialect: Dialect, s = 's', e = 'e'): string {
  const wins = stagedWinsSql(dialect, s, e);
  return MERGED_COLUMNS.map((c) => `${mergedValueSql(dialect, c.column, wins, s, e)} IS DISTINCT FROM ${e}.${c.column}`).join(
    '\n    OR ',
  );
}

/** The select list inserting a staged row as new, with duration_ms derived as mergeEvents would. */
export function insertSelectSql(s = 's'): string {
  return EVENT_COLUMNS.map((c) =>
    c.column === 'duration_ms'
      ? `coalesce(${s}.duration_ms, CASE WHEN ${s}.end_ts >= ${s}.ts THEN ${s}.end_ts - ${s}.ts END)`
      : `${s}.${c.column}`,
  ).join(', ');
}
