import type { CanonicalEvent } from '../../core/event.js';

/** How a column is stored and converted; the DDL, the bulk loaders and the row readers all follow it. */
export type ColumnType = 'text' | 'bigint' | 'double' | 'bool' | 'json';

export interface EventColumn {
  field: keyof CanonicalEvent;
  column: string;
  type: ColumnType;
}

/**
 * One column per CanonicalEvent field, in the events table's column order (the DuckDB appender
 * writes columns by position). `id` comes first and is never merged.
 */
export const EVENT_COLUMNS: readonly EventColumn[] = [
  { field: 'id', column: 'id', type: 'text' },
  { field: 'ts', column: 'ts', type: 'bigint' },
  { field: 'endTs', column: 'end_ts', type: 'bigint' },
  { field: 'teamId', column: 'team_id', type: 'text' },
  { field: 'userId', column: 'user_id', type: 'text' },
  { field: 'visibility', column: 'visibility', type: 'text' },
  { field: 'agent', column: 'agent', type: 'text' },
  { field: 'source', column: 'source', type: 'text' },
  { field: 'sessionId', column: 'session_id', type: 'text' },
  { field: 'project', column: 'project', type: 'text' },
  { field: 'kind', column: 'kind', type: 'text' },
  { field: 'model', column: 'model', type: 'text' },
  { field: 'inputTokens', column: 'input_tokens', type: 'bigint' },
  { field: 'outputTokens', column: 'output_tokens', type: 'bigint' },
  { field: 'cacheReadTokens', column: 'cache_read_tokens', type: 'bigint' },
  { field: 'cacheCreationTokens', column: 'cache_creation_tokens', type: 'bigint' },
  { field: 'cacheCreation1hTokens', column: 'cache_creation_1h_tokens', type: 'bigint' },
  { field: 'costUsd', column: 'cost_usd', type: 'double' },
  { field: 'reportedCostUsd', column: 'reported_cost_usd', type: 'double' },
  { field: 'speed', column: 'speed', type: 'text' },
  { field: 'toolName', column: 'tool_name', type: 'text' },
  { field: 'mcpServer', column: 'mcp_server', type: 'text' },
  { field: 'durationMs', column: 'duration_ms', type: 'bigint' },
  { field: 'status', column: 'status', type: 'text' },
  { field: 'exitCode', column: 'exit_code', type: 'bigint' },
  { field: 'level', column: 'level', type: 'text' },
  { field: 'text', column: 'text', type: 'text' },
  { field: 'parentId', column: 'parent_id', type: 'text' },
  { field: 'isSidechain', column: 'is_sidechain', type: 'bool' },
  { field: 'sourcePath', column: 'source_path', type: 'text' },
  { field: 'sourceOffset', column: 'source_offset', type: 'bigint' },
  { field: 'attrs', column: 'attrs', type: 'json' },
  // added by migration 002: new columns go last, the appender writes by position
  { field: 'requestId', column: 'request_id', type: 'text' },
];

export const EVENT_COLUMN_LIST = EVENT_COLUMNS.map((c) => c.column).join(', ');
