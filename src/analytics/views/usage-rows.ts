import type { Scope } from '../../core/scope.js';
import { byteOrder } from '../../store/sql/dialect.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import { USAGE_MINUTES } from '../../store/rollups/bucket-tables.js';
import { dollarsSql } from '../../store/sql/expressions.js';
import { HOUR_MS, QUARTER, type Grain } from '../../store/rollups/grains.js';
import { USAGE } from '../../store/rollups/session-tables.js';
import { usageEntryOf } from '../../store/sql/usage.js';
import type { Store, UsageBucketRow, UsageEntryRow } from '../../store/store.js';
import type { ViewFilters } from './filters.js';
import type { EdgeEvents } from './edge-events.js';
import { rollupRows } from './rollup-source.js';

/**
 * The rows src/analytics/reports builds its documents from, read with every view filter (the store's
 * usageBuckets/usageEntries know only project and session), from the usage roll-ups: the same sums
 * store/sql/usage.ts computes from events, so the reports come out as `sightline report` does.
 */

/** The store's row reader for TOKEN_SUMS columns. */
export { tokenSums as tokenSumsOf } from '../../store/sql/usage.js';
import { tokenSums as tokenSumsOf } from '../../store/sql/usage.js';

/** Sums as BIGINT: DuckDB's sum of BIGINT is a 128-bit HUGEINT, slow to hand to JavaScript row by row. */
const sumOf = (column: string) => `CAST(coalesce(sum(${column}), 0) AS BIGINT)`;

/** TOKEN_SUMS over roll-up rows that hold them already. */
const SUMMED_TOKENS = [
  ...['input_tokens', 'output_tokens', 'cache_creation_tokens', 'cache_read_tokens'].map((c) => `${sumOf(c)} AS ${c}`),
  ...['cost', 'reported_cost', 'auto_cost'].map((c) => `coalesce(${dollarsSql(`sum(${c}_pico)`)}, 0) AS ${c}_usd`),
  ...['unpriced_calls', 'calls'].map((c) => `${sumOf(c)} AS ${c}`),
].join(', ');

/**
 * Usage per bucket and model key. `grains`: the roll-up rows the report may take whole — quarter hours
 * always; hours too when the report's days begin on whole UTC hours, days when they are UTC days.
 */
export async function filteredUsageBuckets(store: Store, scope: Scope, filters: ViewFilters, edges?: EdgeEvents, grains: readonly Grain[] = [QUARTER]): Promise<UsageBucketRow[]> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT * FROM (
       SELECT bucket, model_key AS model, ${SUMMED_TOKENS}
       FROM ${rollupRows(params, USAGE, scope, filters, grains, edges)} AS r
       GROUP BY 1, 2
     ) AS grouped ORDER BY bucket, ${byteOrder(store.dialect, 'model')}`,
    params.values,
  );
  return rows.map((row) => ({ bucket: toNumber(row.bucket), model: String(row.model), ...tokenSumsOf(row) }));
}

/**
 * Usage entries for 5-hour blocks from the per-minute roll-up: calls per model key and minute
 * (k·60 s, (k+1)·60 s], or per hour (k·3600 s, (k+1)·3600 s] with `perHour` — the same blocks when
 * blocks last whole hours (no hour group then straddles a block's end), from 60× fewer rows.
 */
export async function filteredUsageEntries(store: Store, scope: Scope, filters: ViewFilters, edges?: EdgeEvents, perHour = false): Promise<UsageEntryRow[]> {
  const params = new SqlParams();
  const group = perHour ? `bucket - bucket % ${HOUR_MS}` : 'bucket';
  const rows = await store.reads.all(
    `SELECT * FROM (
       SELECT min(first_ts) AS ts, max(last_ts) AS last_ts, model_key AS model, ${sumOf('calls')} AS calls,
         ${sumOf('input_tokens')} AS input_tokens, ${sumOf('output_tokens')} AS output_tokens, ${sumOf('cache_creation_tokens')} AS cache_creation_tokens,
         ${sumOf('cache_read_tokens')} AS cache_read_tokens, ${dollarsSql('sum(cost_pico)')} AS cost_usd,
         ${dollarsSql('sum(reported_cost_pico)')} AS reported_cost_usd, ${dollarsSql('sum(auto_cost_pico)')} AS auto_cost_usd, ${sumOf('unpriced_calls')} AS unpriced_calls, ${sumOf('unpriced_unreported_calls')} AS unpriced_unreported_calls
       FROM ${rollupRows(params, USAGE_MINUTES, scope, filters, undefined, edges)} AS r
       GROUP BY ${group}, model_key
     ) AS entries ORDER BY ts, ${byteOrder(store.dialect, 'model')}`,
    params.values,
  );
  return rows.map(usageEntryOf);
}
