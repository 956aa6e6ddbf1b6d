/**
 * Column expressions over `events` shared by the store's roll-ups and the analytics views, so a
 * roll-up row and the events scan it replaces can never count differently.
 */

/** All four token columns of a model call, nulls as 0. */
export const TOKENS_SQL = `coalesce(input_tokens, 0) + coalesce(output_tokens, 0) + coalesce(cache_read_tokens, 0) + coalesce(cache_creation_tokens, 0)`;

/** A tool call's duration: the source's, else completion minus start. */
export const TOOL_DURATION_SQL = `coalesce(duration_ms, CASE WHEN end_ts >= ts THEN end_ts - ts END)`;

/**
 * Costs in roll-ups are whole picodollars (BIGINT): integer sums come out the same in any order, so a
 * roll-up read gives the same cost every time, however the rows lie or threads add them.
 */
export const PICO = 1e12;

/** A dollar amount as whole picodollars. */
export function picoSql(expr: string): string {
  return `CAST(round((${expr}) * ${PICO}) AS BIGINT)`;
}

/** Dollars from a sum of picodollars. */
export function dollarsSql(sumExpr: string): string {
  return `(${sumExpr}) / ${PICO}`;
}

/** Tool calls at least this slow are in PostgreSQL's slow-call index (migration 004). */
export const SLOW_TOOL_INDEX_MS = 10_000;

/** What counts as an error: final failures, API retries, and failed tool calls. */
export const ERROR_ROWS = `(kind IN ('error', 'api_error') OR (kind = 'tool_call' AND status = 'error'))`;

/** Log-like events: logs, errors, API retries, and anything else that carries a level. */
export const LOG_ROWS = `(kind IN ('log', 'error', 'api_error') OR level IS NOT NULL)`;

/** A log line without a level still has one: errors are errors, API retries warnings, the rest info. */
export const EFFECTIVE_LEVEL = `coalesce(level, CASE kind WHEN 'error' THEN 'error' WHEN 'api_error' THEN 'warning' ELSE 'info' END)`;

/** error | api_error | tool_error */
export const ERROR_TYPE = `CASE WHEN kind = 'tool_call' THEN 'tool_error' ELSE kind END`;

/** An error's message: a failed tool's output, else the event text. */
export const ERROR_MESSAGE = `CASE WHEN kind = 'tool_call' THEN coalesce(attrs->>'outputExcerpt', coalesce(tool_name, 'tool') || ' failed') ELSE coalesce(text, '') END`;

/**
 * A message with its variable parts masked, so repeats group together: UUIDs → <uuid>, API ids
 * (req_…, msg_…, toolu_…) → <id>, hex runs of 8+ → <hex>, numbers → N. First 200 characters.
 */
export const NORMALIZED_MESSAGE = `regexp_replace(regexp_replace(regexp_replace(regexp_replace(substr(${ERROR_MESSAGE}, 1, 200),
  '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<uuid>', 'g'),
  '(req|msg|toolu)_[A-Za-z0-9]+', '<id>', 'g'),
  '[0-9a-fA-F]{8,}', '<hex>', 'g'),
  '[0-9]+', 'N', 'g')`;

/** The example message kept per recurring group: the first 300 characters. */
export const ERROR_EXAMPLE = `substr(${ERROR_MESSAGE}, 1, 300)`;
