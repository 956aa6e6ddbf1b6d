import { ERROR_EXAMPLE, ERROR_ROWS, ERROR_TYPE, LOG_ROWS, NORMALIZED_MESSAGE, TOKENS_SQL, picoSql } from '../sql/expressions.js';
import { USAGE_CALL } from '../sql/sessions.js';
import { MODEL_KEY } from '../sql/usage.js';
import { DAY, HOUR, QUARTER, QUARTER_MS } from './grains.js';
import type { RollupTable } from './table.js';

/**
 * Roll-ups whose rows belong to one session: per (quarter hour, session, owner, project, model), and
 * the same per hour and per day (a session's quarters summed), so a week is read mostly from day rows.
 * Keeping the session in the key lets reads count distinct sessions and users, and lets a write
 * recompute exactly the rows of the sessions it touched. Edge rows and fallbacks come from the same
 * SELECT over events.
 */

const TIERS = [QUARTER, HOUR, DAY];

/** A gap longer than this before a model call is the user thinking, not the model: not a latency. */
export const MAX_MODEL_LATENCY_MS = 10 * 60_000;

const KEY_COLUMNS = [
  ['team_id', 'TEXT NOT NULL'],
  ['bucket', 'BIGINT NOT NULL'],
  ['session_id', 'TEXT NOT NULL'],
  ['user_id', 'TEXT NOT NULL'],
  ['visibility', 'TEXT NOT NULL'],
  ['agent', 'TEXT NOT NULL'],
  ['project', 'TEXT'],
  ['model', 'TEXT'],
] as const;
const KEYS_SELECT = `team_id, ts - ts % ${QUARTER_MS} AS bucket, session_id, user_id, visibility, agent, project, model`;
const KEYS_GROUP = 'GROUP BY 1, 2, 3, 4, 5, 6, 7, 8';

const sums = (...columns: string[]) => Object.fromEntries(columns.map((c) => [c, 'sum' as const]));

/** Every event: counts for overview KPIs and series (sessions, users, prompts, calls, errors, tokens, cost). */
export const ACTIVITY: RollupTable = {
  name: 'rollup_activity',
  columns: [
    ...KEY_COLUMNS,
    ['events', 'BIGINT NOT NULL'],
    ['prompts', 'BIGINT NOT NULL'],
    ['llm_calls', 'BIGINT NOT NULL'],
    ['tool_calls', 'BIGINT NOT NULL'],
    ['failed_tools', 'BIGINT NOT NULL'],
    ['errors', 'BIGINT NOT NULL'],
    ['tokens', 'BIGINT NOT NULL'],
    ['cost_pico', 'BIGINT NOT NULL'],
  ],
  values: sums('events', 'prompts', 'llm_calls', 'tool_calls', 'failed_tools', 'errors', 'tokens', 'cost_pico'),
  source: 'events',
  keyedBy: 'session',
  grains: TIERS,
  offset: 0,
  select: (where, from = 'events') => `SELECT ${KEYS_SELECT},
      count(*), count(*) FILTER (WHERE kind = 'prompt'), count(*) FILTER (WHERE ${USAGE_CALL}),
      count(*) FILTER (WHERE kind = 'tool_call'), count(*) FILTER (WHERE kind = 'tool_call' AND status = 'error'),
      count(*) FILTER (WHERE kind = 'error'), coalesce(sum(${TOKENS_SQL}) FILTER (WHERE ${USAGE_CALL}), 0),
      coalesce(sum(${picoSql('cost_usd')}) FILTER (WHERE ${USAGE_CALL}), 0)
    FROM ${from} WHERE (${where}) ${KEYS_GROUP}`,
};

/** Counted model calls: the token sums of reports and /tokens, per model key (`-fast` included). */
export const USAGE: RollupTable = {
  name: 'rollup_usage',
  columns: [
    ...KEY_COLUMNS,
    ['model_key', 'TEXT NOT NULL'],
    ['input_tokens', 'BIGINT NOT NULL'],
    ['output_tokens', 'BIGINT NOT NULL'],
    ['cache_creation_tokens', 'BIGINT NOT NULL'],
    ['cache_read_tokens', 'BIGINT NOT NULL'],
    ['cost_pico', 'BIGINT NOT NULL'],
    ['reported_cost_pico', 'BIGINT NOT NULL'],
    ['auto_cost_pico', 'BIGINT NOT NULL'],
    ['unpriced_calls', 'BIGINT NOT NULL'],
    ['calls', 'BIGINT NOT NULL'],
  ],
  values: sums('input_tokens', 'output_tokens', 'cache_creation_tokens', 'cache_read_tokens', 'cost_pico', 'reported_cost_pico', 'auto_cost_pico', 'unpriced_calls', 'calls'),
  source: 'events',
  keyedBy: 'session',
  grains: TIERS,
  offset: 0,
  select: (where, from = 'events') => `SELECT ${KEYS_SELECT}, ${MODEL_KEY},
      coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(cache_creation_tokens), 0),
      coalesce(sum(cache_read_tokens), 0), coalesce(sum(${picoSql('coalesce(cost_usd, 0)')}), 0), coalesce(sum(${picoSql('coalesce(reported_cost_usd, 0)')}), 0),
      coalesce(sum(${picoSql('coalesce(reported_cost_usd, cost_usd, 0)')}), 0), count(*) FILTER (WHERE cost_usd IS NULL), count(*)
    FROM ${from} WHERE (${where}) AND ${USAGE_CALL} ${KEYS_GROUP}, 9`,
};

/** Errors grouped by normalized message: recurring patterns with distinct sessions, first/last seen. */
export const ERROR_PATTERNS: RollupTable = {
  name: 'rollup_errors',
  columns: [
    ...KEY_COLUMNS,
    ['error_type', 'TEXT NOT NULL'],
    ['pattern', 'TEXT NOT NULL'],
    ['n', 'BIGINT NOT NULL'],
    ['first_ts', 'BIGINT NOT NULL'],
    ['last_ts', 'BIGINT NOT NULL'],
    ['example', 'TEXT NOT NULL'],
  ],
  values: { n: 'sum', first_ts: 'min', last_ts: 'max', example: 'min' },
  source: 'events',
  keyedBy: 'session',
  grains: TIERS,
  offset: 0,
  select: (where, from = 'events') => `SELECT ${KEYS_SELECT}, ${ERROR_TYPE}, ${NORMALIZED_MESSAGE},
      count(*), min(ts), max(ts), min(${ERROR_EXAMPLE})
    FROM ${from} WHERE (${where}) AND ${ERROR_ROWS} ${KEYS_GROUP}, 9, 10`,
};

/** The key of the roll-ups with one row per event (its session, time, owner, project and model). */
const EVENT_KEY_COLUMNS = [
    ['team_id', 'TEXT NOT NULL'],
    ['session_id', 'TEXT NOT NULL'],
    ['ts', 'BIGINT NOT NULL'],
    ['user_id', 'TEXT NOT NULL'],
    ['visibility', 'TEXT NOT NULL'],
    ['agent', 'TEXT NOT NULL'],
    ['project', 'TEXT'],
    ['model', 'TEXT'],
] as const;

/**
 * One row per counted model call with its latency: the source's durationMs, else the time since the
 * latest earlier moment something finished in the same conversation (session, main or sidechain),
 * when that gap is (0, 10 min]. Computed over the whole session, so `where` must select whole sessions.
 */
export const CALL_LATENCY: RollupTable = {
  name: 'rollup_call_latency',
  columns: [
    ...EVENT_KEY_COLUMNS,
    ['output_tokens', 'BIGINT'],
    ['latency', 'BIGINT'],
  ],
  values: {},
  source: 'events',
  keyedBy: 'session',
  grains: [QUARTER],
  offset: 0,
  select: (where, from = 'events') => `SELECT team_id, session_id, ts, user_id, visibility, agent, project, model, output_tokens,
      coalesce(duration_ms, CASE WHEN ts - previous_done > 0 AND ts - previous_done <= ${MAX_MODEL_LATENCY_MS} THEN ts - previous_done END)
    FROM (
      SELECT team_id, session_id, ts, user_id, visibility, agent, project, model, kind, output_tokens, duration_ms,
        max(coalesce(end_ts, ts)) OVER (
          PARTITION BY team_id, session_id, coalesce(is_sidechain, false) ORDER BY ts
          RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_done
      FROM ${from} WHERE (${where})
    ) AS ordered
    WHERE ${USAGE_CALL}`,
};

/**
 * The log lines themselves (the rows /logs lists: LOG_ROWS), one per event, with every column the logs
 * view filters on. About one event in twenty is a log line, and none carries a tool's output: a text
 * search reads this table's text instead of every event's (migration 008).
 */
export const LOG_LINES: RollupTable = {
  name: 'rollup_log_lines',
  columns: [
    ...EVENT_KEY_COLUMNS,
    ['id', 'TEXT NOT NULL'],
    ['kind', 'TEXT NOT NULL'],
    ['level', 'TEXT'],
    ['tool_name', 'TEXT'],
    ['text', 'TEXT'],
  ],
  values: {},
  source: 'events',
  keyedBy: 'session',
  grains: [QUARTER],
  offset: 0,
  select: (where, from = 'events') => `SELECT team_id, session_id, ts, user_id, visibility, agent, project, model, id, kind, level, tool_name, text
    FROM ${from} WHERE (${where}) AND ${LOG_ROWS}`,
};

export const SESSION_TABLES: readonly RollupTable[] = [ACTIVITY, USAGE, ERROR_PATTERNS, CALL_LATENCY, LOG_LINES];
