import { jsonType, type Dialect } from '../sql/dialect.js';
import type { Migration } from './migration.js';

/** events: one column per CanonicalEvent field; ts/end_ts are epoch ms. */
function eventsTable(dialect: Dialect): string {
  // DuckDB: no PRIMARY KEY. Its ART index makes bulk loads several times slower, and the single
  // writer process plus the merge-then-anti-join write keeps ids unique anyway.
  const idColumn = dialect === 'postgres' ? 'id TEXT PRIMARY KEY' : 'id TEXT NOT NULL';
  return `CREATE TABLE events (
    ${idColumn},
    ts BIGINT NOT NULL,
    end_ts BIGINT,
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    visibility TEXT NOT NULL,
    agent TEXT NOT NULL,
    source TEXT NOT NULL,
    session_id TEXT NOT NULL,
    project TEXT,
    kind TEXT NOT NULL,
    model TEXT,
    input_tokens BIGINT,
    output_tokens BIGINT,
    cache_read_tokens BIGINT,
    cache_creation_tokens BIGINT,
    cache_creation_1h_tokens BIGINT,
    cost_usd DOUBLE PRECISION,
    reported_cost_usd DOUBLE PRECISION,
    speed TEXT,
    tool_name TEXT,
    mcp_server TEXT,
    duration_ms BIGINT,
    status TEXT,
    exit_code BIGINT,
    level TEXT,
    text TEXT,
    parent_id TEXT,
    is_sidechain BOOLEAN,
    source_path TEXT,
    source_offset BIGINT,
    attrs ${jsonType(dialect)}
  )`;
}

const sessionsTable = `CREATE TABLE sessions (
    team_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    visibility TEXT NOT NULL,
    agent TEXT NOT NULL,
    project TEXT,
    cwd TEXT,
    git_branch TEXT,
    title TEXT,
    first_ts BIGINT NOT NULL,
    last_ts BIGINT NOT NULL,
    models TEXT[],
    last_model TEXT,
    input_tokens BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    cache_creation_tokens BIGINT NOT NULL,
    cache_read_tokens BIGINT NOT NULL,
    cost_usd DOUBLE PRECISION NOT NULL,
    prompts BIGINT NOT NULL,
    llm_calls BIGINT NOT NULL,
    tool_calls BIGINT NOT NULL,
    tool_errors BIGINT NOT NULL,
    errors BIGINT NOT NULL,
    last_context_tokens BIGINT NOT NULL,
    ended BOOLEAN NOT NULL,
    PRIMARY KEY (team_id, session_id)
  )`;

// ino and mtime_ms are doubles: inode numbers can exceed BIGINT range and mtimeMs has a fraction.
const checkpointsTable = `CREATE TABLE file_checkpoints (
    path TEXT PRIMARY KEY,
    byte_offset BIGINT NOT NULL,
    size_bytes BIGINT NOT NULL,
    mtime_ms DOUBLE PRECISION NOT NULL,
    ino DOUBLE PRECISION NOT NULL,
    malformed_lines BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`;

/** The indexes the reads need; PostgreSQL only (DuckDB scans columns with zone maps instead). */
const postgresIndexes = [
  'CREATE INDEX events_team_kind_ts ON events (team_id, kind, ts)',
  'CREATE INDEX events_team_ts ON events (team_id, ts)',
  'CREATE INDEX events_session_ts ON events (session_id, ts)',
  'CREATE INDEX sessions_team_last_ts ON sessions (team_id, last_ts)',
];

export const init: Migration = {
  version: 1,
  name: 'init',
  statements: (dialect) => [
    eventsTable(dialect),
    sessionsTable,
    checkpointsTable,
    ...(dialect === 'postgres' ? postgresIndexes : []),
  ],
};
