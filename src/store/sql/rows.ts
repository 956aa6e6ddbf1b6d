import type { CanonicalEvent } from '../../core/event.js';
import type { FileCheckpoint, SessionRollup } from '../store.js';
import { EVENT_COLUMNS } from './columns.js';
import type { Row } from './session.js';

/**
 * Numbers come back as JS numbers whatever the driver did: DuckDB returns BIGINT/HUGEINT as bigint,
 * pg returns int8 and numeric as strings.
 */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

export function toNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}

/** DuckDB hands JSON back as text, pg as a parsed value. */
function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** A stored events row back to a CanonicalEvent; empty columns are left out, as a source would. */
export function rowToEvent(row: Row): CanonicalEvent {
  const event: Record<string, unknown> = {};
  for (const { field, column, type } of EVENT_COLUMNS) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    if (type === 'bigint' || type === 'double') event[field] = toNumber(value);
    else if (type === 'json') event[field] = parseJson(value);
    else event[field] = value;
  }
  return event as CanonicalEvent;
}

function stringArray(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : (parseJson(value) as unknown[])).map(String);
}

export function rowToSession(row: Row): SessionRollup {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    sessionId: String(row.session_id),
    teamId: String(row.team_id),
    userId: String(row.user_id),
    visibility: String(row.visibility),
    agent: String(row.agent),
    project: text(row.project),
    cwd: text(row.cwd),
    gitBranch: text(row.git_branch),
    title: text(row.title),
    firstTs: toNumber(row.first_ts),
    lastTs: toNumber(row.last_ts),
    models: stringArray(row.models),
    lastModel: text(row.last_model),
    inputTokens: toNumber(row.input_tokens),
    outputTokens: toNumber(row.output_tokens),
    cacheCreationTokens: toNumber(row.cache_creation_tokens),
    cacheReadTokens: toNumber(row.cache_read_tokens),
    costUsd: toNumber(row.cost_usd),
    prompts: toNumber(row.prompts),
    llmCalls: toNumber(row.llm_calls),
    toolCalls: toNumber(row.tool_calls),
    toolErrors: toNumber(row.tool_errors),
    errors: toNumber(row.errors),
    lastContextTokens: toNumber(row.last_context_tokens),
    ended: row.ended === true,
  };
}

export function rowToCheckpoint(row: Row): FileCheckpoint {
  return {
    path: String(row.path),
    offset: toNumber(row.byte_offset),
    size: toNumber(row.size_bytes),
    mtimeMs: toNumber(row.mtime_ms),
    ino: toNumber(row.ino),
    malformedLines: toNumber(row.malformed_lines),
    updatedAt: toNumber(row.updated_at),
  };
}
