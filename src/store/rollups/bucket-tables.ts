import { EFFECTIVE_LEVEL, ERROR_ROWS, ERROR_TYPE, LOG_ROWS, TOOL_DURATION_SQL, picoSql } from '../sql/expressions.js';
import { USAGE_CALL } from '../sql/sessions.js';
import { MODEL_KEY } from '../sql/usage.js';
import { DAY, HOUR, MINUTE, QUARTER } from './grains.js';
import { binSql } from './histogram.js';
import { bucketSql, type RollupTable } from './table.js';

/**
 * Roll-ups whose rows mix sessions, kept small enough for PostgreSQL to read a month in a few ms:
 * per (bucket, owner, name) only, so filters on project, agent, session or model (where there is no
 * such column) read the source instead. Tiered tables store quarter hours, hours and days; a read
 * takes days in the middle of its range, hours and quarters toward the ends. A write recomputes the
 * quarters it dirtied from the source, then their hours and days from the quarters.
 */

const TIERS = [QUARTER, HOUR, DAY];
const QUARTER_BUCKET = bucketSql(QUARTER, 0);
const OWNER_COLUMNS = [
  ['team_id', 'TEXT NOT NULL'],
  ['bucket', 'BIGINT NOT NULL'],
  ['user_id', 'TEXT NOT NULL'],
  ['visibility', 'TEXT NOT NULL'],
] as const;

/** Tool calls per tool and MCP server, with a log-scale duration histogram (bin NULL: no duration yet). */
export const TOOL_HISTOGRAM: RollupTable = {
  name: 'rollup_tools',
  columns: [
    ...OWNER_COLUMNS,
    ['tool_name', 'TEXT'],
    ['mcp_server', 'TEXT'],
    ['bin', 'INTEGER'],
    ['calls', 'BIGINT NOT NULL'],
    ['ok', 'BIGINT NOT NULL'],
    ['errors', 'BIGINT NOT NULL'],
    ['duration_sum', 'BIGINT NOT NULL'],
  ],
  values: { calls: 'sum', ok: 'sum', errors: 'sum', duration_sum: 'sum' },
  source: 'events',
  keyedBy: 'bucket',
  grains: TIERS,
  offset: 0,
  select: (where, from = 'events') => `SELECT team_id, ${QUARTER_BUCKET}, user_id, visibility, tool_name, mcp_server, ${binSql(TOOL_DURATION_SQL)},
      count(*), count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = 'error'), coalesce(sum(${TOOL_DURATION_SQL}), 0)
    FROM ${from} WHERE (${where}) AND kind = 'tool_call' GROUP BY 1, 2, 3, 4, 5, 6, 7`,
};

/** Model latency per model from rollup_call_latency: histogram (bin NULL: not measured) and throughput sums. */
export const LATENCY_HISTOGRAM: RollupTable = {
  name: 'rollup_latency',
  columns: [
    ...OWNER_COLUMNS,
    ['model', 'TEXT'],
    ['bin', 'INTEGER'],
    ['calls', 'BIGINT NOT NULL'],
    ['latency_sum', 'BIGINT NOT NULL'],
    ['measured_output', 'BIGINT NOT NULL'],
    ['measured_ms', 'BIGINT NOT NULL'],
  ],
  values: { calls: 'sum', latency_sum: 'sum', measured_output: 'sum', measured_ms: 'sum' },
  source: 'rollup_call_latency',
  keyedBy: 'bucket',
  grains: TIERS,
  offset: 0,
  select: (where, from = 'rollup_call_latency') => `SELECT team_id, ${QUARTER_BUCKET}, user_id, visibility, model, ${binSql('latency')},
      count(*), coalesce(sum(latency), 0), coalesce(sum(output_tokens) FILTER (WHERE latency > 0), 0),
      coalesce(sum(latency) FILTER (WHERE latency > 0), 0)
    FROM ${from} WHERE (${where}) GROUP BY 1, 2, 3, 4, 5, 6`,
};

/** Errors by type and tool, for the error charts. */
export const ERROR_SERIES: RollupTable = {
  name: 'rollup_error_series',
  columns: [...OWNER_COLUMNS, ['error_type', 'TEXT NOT NULL'], ['tool_name', 'TEXT'], ['n', 'BIGINT NOT NULL']],
  values: { n: 'sum' },
  source: 'events',
  keyedBy: 'bucket',
  grains: TIERS,
  offset: 0,
  select: (where, from = 'events') => `SELECT team_id, ${QUARTER_BUCKET}, user_id, visibility, ${ERROR_TYPE}, tool_name, count(*)
    FROM ${from} WHERE (${where}) AND ${ERROR_ROWS} GROUP BY 1, 2, 3, 4, 5, 6`,
};

/** Events per ingest source, with the effective level of log rows (level NULL: not a log row), for the log-level and source strips. */
export const SOURCE_LEVELS: RollupTable = {
  name: 'rollup_source_levels',
  columns: [...OWNER_COLUMNS, ['source', 'TEXT NOT NULL'], ['level', 'TEXT'], ['n', 'BIGINT NOT NULL'], ['last_ts', 'BIGINT NOT NULL']],
  values: { n: 'sum', last_ts: 'max' },
  source: 'events',
  keyedBy: 'bucket',
  grains: TIERS,
  offset: 0,
  select: (where, from = 'events') => `SELECT team_id, ${QUARTER_BUCKET}, user_id, visibility, source, CASE WHEN ${LOG_ROWS} THEN ${EFFECTIVE_LEVEL} END, count(*), max(ts)
    FROM ${from} WHERE (${where}) GROUP BY 1, 2, 3, 4, 5, 6`,
};

/** Usage entries of 5-hour blocks: counted calls per minute (k·60 s, (k+1)·60 s] and model key (see UsageEntryRow). */
export const USAGE_MINUTES: RollupTable = {
  name: 'rollup_minutes',
  columns: [
    ...OWNER_COLUMNS,
    ['model', 'TEXT'],
    ['model_key', 'TEXT NOT NULL'],
    ['first_ts', 'BIGINT NOT NULL'],
    ['last_ts', 'BIGINT NOT NULL'],
    ['calls', 'BIGINT NOT NULL'],
    ['input_tokens', 'BIGINT NOT NULL'],
    ['output_tokens', 'BIGINT NOT NULL'],
    ['cache_creation_tokens', 'BIGINT NOT NULL'],
    ['cache_read_tokens', 'BIGINT NOT NULL'],
    ['cost_pico', 'BIGINT NOT NULL'],
    ['reported_cost_pico', 'BIGINT'],
    ['auto_cost_pico', 'BIGINT NOT NULL'],
    ['unpriced_calls', 'BIGINT NOT NULL'],
    ['unpriced_unreported_calls', 'BIGINT NOT NULL'],
  ],
  values: {
    first_ts: 'min', last_ts: 'max', calls: 'sum', input_tokens: 'sum', output_tokens: 'sum', cache_creation_tokens: 'sum', cache_read_tokens: 'sum',
    cost_pico: 'sum', reported_cost_pico: 'sum', auto_cost_pico: 'sum', unpriced_calls: 'sum', unpriced_unreported_calls: 'sum',
  },
  source: 'events',
  keyedBy: 'bucket',
  grains: [MINUTE],
  offset: 1,
  select: (where, from = 'events') => {
    const tokens = 'coalesce(input_tokens, 0) + coalesce(output_tokens, 0) + coalesce(cache_creation_tokens, 0) + coalesce(cache_read_tokens, 0)';
    return `SELECT team_id, ${bucketSql(MINUTE, 1)}, user_id, visibility, model, ${MODEL_KEY}, min(ts), max(ts), count(*),
      coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(cache_creation_tokens), 0), coalesce(sum(cache_read_tokens), 0),
      coalesce(sum(${picoSql('coalesce(cost_usd, 0)')}), 0), sum(${picoSql('reported_cost_usd')}), coalesce(sum(${picoSql('coalesce(reported_cost_usd, cost_usd, 0)')}), 0),
      count(*) FILTER (WHERE cost_usd IS NULL AND ${tokens} > 0),
      count(*) FILTER (WHERE cost_usd IS NULL AND reported_cost_usd IS NULL AND ${tokens} > 0)
    FROM ${from} WHERE (${where}) AND ${USAGE_CALL} GROUP BY 1, 2, 3, 4, 5, 6`;
  },
};

/** In refresh order: the latency histogram reads rollup_call_latency, refreshed with the session tables before. */
export const BUCKET_TABLES: readonly RollupTable[] = [TOOL_HISTOGRAM, LATENCY_HISTOGRAM, ERROR_SERIES, USAGE_MINUTES, SOURCE_LEVELS];
