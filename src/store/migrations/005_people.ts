import type { Migration } from './migration.js';

/**
 * Team mode (docs/people.md): accounts, teams, keys, sharing, audit, insights, agent pushes.
 * Every id is random text; every secret is stored hashed. Times are epoch ms. JSON is kept as TEXT
 * so both dialects read it the same way.
 */
const tables = [
  `CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
  `CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    disabled BOOLEAN NOT NULL,
    session_epoch BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    last_login_at BIGINT
  )`,
  `CREATE TABLE memberships (
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id)
  )`,
  `CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL,
    email TEXT,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by TEXT,
    revoked_at BIGINT
  )`,
  // user_id NULL: a team key
  `CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL,
    user_id TEXT,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
  )`,
  // count > 1: coalesced rows (key use: one row per key per hour)
  `CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    ts BIGINT NOT NULL,
    team_id TEXT,
    actor_id TEXT,
    action TEXT NOT NULL,
    resource TEXT,
    result TEXT NOT NULL,
    duration_ms BIGINT,
    client TEXT NOT NULL,
    detail TEXT,
    count BIGINT NOT NULL
  )`,
  `CREATE TABLE public_links (
    token_hash TEXT PRIMARY KEY,
    team_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
  )`,
  // tags: a JSON array of strings
  `CREATE TABLE insights (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    session_id TEXT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  `CREATE TABLE insight_votes (
    insight_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (insight_id, user_id)
  )`,
  `CREATE TABLE insight_comments (
    id TEXT PRIMARY KEY,
    insight_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
  // one row per accepted agent push; the agent's machine is agent_id (a random id it keeps)
  `CREATE TABLE agent_pushes (
    id TEXT PRIMARY KEY,
    ts BIGINT NOT NULL,
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    key_id TEXT,
    agent_id TEXT NOT NULL,
    hostname TEXT,
    events BIGINT NOT NULL,
    inserted BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    lag_ms BIGINT,
    error TEXT
  )`,
];

const indexes = [
  'CREATE INDEX audit_log_team_ts ON audit_log (team_id, ts)',
  'CREATE INDEX audit_log_actor_ts ON audit_log (actor_id, ts)',
  'CREATE INDEX insights_team_created ON insights (team_id, created_at)',
  'CREATE INDEX agent_pushes_user_ts ON agent_pushes (user_id, ts)',
  'CREATE INDEX sessions_team_user ON sessions (team_id, user_id)',
];

export const people: Migration = {
  version: 5,
  name: 'people',
  // DuckDB keeps no secondary indexes here: its ART indexes slow writes and these tables are small
  statements: (dialect) => [...tables, ...(dialect === 'postgres' ? indexes : [])],
};
