import type { Dialect } from '../sql/dialect.js';
import type { SqlSession } from '../sql/session.js';
import { init } from './001_init.js';
import { requestId } from './002_request_id.js';
import { meta } from './003_meta.js';
import { rollups } from './004_rollups.js';
import { people } from './005_people.js';
import { sourceLevels } from './006_source_levels.js';
import { eventKeys } from './007_event_keys.js';
import { logLines } from './008_log_lines.js';
import type { Migration } from './migration.js';

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [init, requestId, meta, rollups, people, sourceLevels, eventKeys, logLines];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

const migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/**
 * Applies the migrations not yet recorded. The caller wraps this in one transaction, so a failed
 * migration leaves the schema as it was. On PostgreSQL an advisory lock makes instances that start
 * together take turns instead of racing.
 *
 * @returns the versions applied now (empty when the schema was current)
 */
export async function applyMigrations(db: SqlSession, dialect: Dialect): Promise<number[]> {
  if (dialect === 'postgres') await db.all(`SELECT pg_advisory_xact_lock(7463, hashtext(current_schema()))`);
  await db.run(migrationsTable);
  const done = new Set((await db.all('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements(dialect)) await db.run(statement);
    await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      Date.now(),
    ]);
    applied.push(migration.version);
  }
  return applied;
}

/** The highest applied version, 0 on an empty database. */
export async function schemaVersion(db: SqlSession): Promise<number> {
  const rows = await db.all('SELECT max(version) AS version FROM schema_migrations');
  return Number(rows[0]?.version ?? 0);
}
