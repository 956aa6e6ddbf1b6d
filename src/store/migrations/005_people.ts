import type { Migration } from './migration.js';

/**
 * People (docs/people.md): teams, users and their memberships, invites, API keys, the audit log,
 * public session links, insights, and the agents' pushes. Secrets (passwords, keys, invite and link
 * tokens) are stored only as hashes.
 */
export const people: Migration = {
  version: 5,
  name: 'people',
  statements: () => [
    `CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, settings TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    `CREATE TABLE users (
      id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, password_hash TEXT NOT NULL,
      disabled BOOLEAN NOT NULL, session_epoch INTEGER NOT NULL, created_at BIGINT NOT NULL, last_login_at BIGINT)`,
    `CREATE TABLE memberships (team_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL, joined_at BIGINT NOT NULL, PRIMARY KEY (team_id, user_id))`,
    `CREATE TABLE invites (
      id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, team_id TEXT NOT NULL, email TEXT, role TEXT NOT NULL,
      created_by TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT, used_by TEXT)`,
    `CREATE TABLE api_keys (
      id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, name TEXT NOT NULL, team_id TEXT NOT NULL, user_id TEXT,
      scopes TEXT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL, last_used_at BIGINT, revoked_at BIGINT)`,
    `CREATE TABLE audit_log (
      id TEXT PRIMARY KEY, ts BIGINT NOT NULL, team_id TEXT, actor_id TEXT, action TEXT NOT NULL, resource TEXT,
      result TEXT NOT NULL, duration_ms BIGINT, client TEXT NOT NULL, address TEXT, details TEXT, repeats BIGINT NOT NULL)`,
    `CREATE INDEX audit_log_team_ts ON audit_log (team_id, ts)`,
    `CREATE INDEX audit_log_actor_ts ON audit_log (actor_id, ts)`,
    `CREATE TABLE public_links (
      id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, team_id TEXT NOT NULL, session_id TEXT NOT NULL,
      created_by TEXT NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT)`,
    `CREATE TABLE insights (
      id TEXT PRIMARY KEY, team_id TEXT NOT NULL, author_id TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
      tags TEXT NOT NULL, session_id TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
    `CREATE TABLE insight_votes (insight_id TEXT NOT NULL, user_id TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (insight_id, user_id))`,
    `CREATE TABLE insight_comments (id TEXT PRIMARY KEY, insight_id TEXT NOT NULL, author_id TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    `CREATE TABLE agent_pushes (
      id TEXT PRIMARY KEY, team_id TEXT NOT NULL, user_id TEXT NOT NULL, key_id TEXT NOT NULL, agent TEXT NOT NULL,
      ts BIGINT NOT NULL, events BIGINT NOT NULL, bytes BIGINT NOT NULL, lag_ms BIGINT, error TEXT)`,
  ],
};
