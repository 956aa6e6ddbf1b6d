import type { Dialect } from '../../store/sql/dialect.js';
import { toNumber } from '../../store/sql/rows.js';

/** The expressions the store's roll-ups share with the views. */
export { TOKENS_SQL, TOOL_DURATION_SQL } from '../../store/sql/expressions.js';

/** Tokens in the model's context for one call: uncached input plus cache reads and writes. */
export const CONTEXT_TOKENS_SQL = `coalesce(input_tokens, 0) + coalesce(cache_read_tokens, 0) + coalesce(cache_creation_tokens, 0)`;


/** The continuous percentile `p` (0..1) of `expr` within a group; the one aggregate the dialects spell differently. */
export function percentileSql(dialect: Dialect, p: number, expr: string): string {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile ${p} outside 0..1`);
  return dialect === 'duckdb' ? `quantile_cont(${expr}, ${p})` : `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${expr})`;
}

/** The usual duration summary columns: mean and p50/p95/p99 of `expr` (nulls ignored), named `<prefix>_mean` … */
export function durationStatsSql(dialect: Dialect, expr: string, prefix = 'duration'): string {
  return [
    `avg(${expr}) AS ${prefix}_mean`,
    `${percentileSql(dialect, 0.5, expr)} AS ${prefix}_p50`,
    `${percentileSql(dialect, 0.95, expr)} AS ${prefix}_p95`,
    `${percentileSql(dialect, 0.99, expr)} AS ${prefix}_p99`,
  ].join(', ');
}

export interface DurationStats {
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function durationStats(row: Record<string, unknown>, prefix = 'duration'): DurationStats {
  const value = (key: string) => {
    const v = row[`${prefix}_${key}`];
    return v === null || v === undefined ? null : round(toNumber(v), 1);
  };
  return { mean: value('mean'), p50: value('p50'), p95: value('p95'), p99: value('p99') };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** a / b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

export function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
