import pg from 'pg';
import type { CanonicalEvent } from '../../core/event.js';
import { applyMigrations, schemaVersion } from '../migrations/index.js';
import { toNumber } from '../sql/rows.js';
import { oweRollups, payOwedRollups } from '../rollups/refresh.js';
import { refreshSessionRollups } from '../sql/sessions.js';
import { deleteEventsWhere, type DeleteEventsSelector, type DeletedEvents } from '../sql/delete-events.js';
import { writeMeta } from '../sql/meta.js';
import { SqlStore } from '../sql/sql-store.js';
import { inTransaction } from '../sql/transaction.js';
import type { SqlSession } from '../sql/session.js';
import type { FileCheckpoint, StoreStats } from '../store.js';
import { PgSession, withClient } from './pg-session.js';
import { writePostgresBatch } from './write-batch.js';

export interface PostgresStoreOptions {
  databaseUrl: string;
  /** schema to keep our tables in (created when missing); default: the server's search_path */
  schema?: string;
  /** pool size; default 10 */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The URL with any password replaced, fit for logs and `stats().location`. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return databaseUrl.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** The team-server store: a pool of connections to one PostgreSQL database (or one schema of it). */
export class PostgresStore extends SqlStore {
  readonly kind = 'postgres' as const;
  protected readonly reader: PgSession;
  private readonly pool: pg.Pool;

  constructor(private readonly options: PostgresStoreOptions) {
    super();
    const schema = options.schema;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name: ${schema}`);
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      // every pooled connection resolves our table names in the chosen schema
      options: schema ? `-c search_path=${schema}` : undefined,
    });
    // an idle client losing its server connection must not crash the process; the next query reconnects
    this.pool.on('error', () => undefined);
    this.reader = new PgSession(this.pool);
  }

  async migrate(): Promise<void> {
    const schema = this.options.schema;
    await withClient(this.pool, (db) =>
      inTransaction(db, async (tx) => {
        // instances starting together take turns; the lock is per schema so test schemas do not wait on each other
        await tx.all('SELECT pg_advisory_xact_lock(7463, hashtext($1))', [schema ?? 'default']);
        if (schema) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await applyMigrations(tx, 'postgres');
      }),
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  writeBatch(events: CanonicalEvent[], checkpoints: FileCheckpoint[] = []): Promise<{ inserted: number; merged: number }> {
    return writePostgresBatch(this.pool, events, checkpoints, this.owe);
  }

  transaction<T>(work: (db: SqlSession) => Promise<T>): Promise<T> {
    return withClient(this.pool, (db) => inTransaction(db, work));
  }

  async setMeta(key: string, value: string | null): Promise<void> {
    await withClient(this.pool, (db) => inTransaction(db, (tx) => writeMeta(tx, key, value)));
  }

  async refreshSessions(sessionIds?: string[]): Promise<void> {
    const sessions = this.withOwedSessions(sessionIds);
    await withClient(this.pool, (db) =>
      inTransaction(db, async (tx) => {
        await refreshSessionRollups(tx, 'postgres', sessions);
        await oweRollups(tx, 'postgres', sessions);
      }),
    );
  }

  async payOwedRollups(): Promise<void> {
    await withClient(this.pool, (db) => inTransaction(db, (tx) => payOwedRollups(tx, 'postgres')));
  }

  deleteEvents(selector: DeleteEventsSelector): Promise<DeletedEvents> {
    return withClient(this.pool, (db) => inTransaction(db, (tx) => deleteEventsWhere(tx, selector)));
  }

  async stats(): Promise<StoreStats> {
    const [row] = await this.reader.all(`SELECT
      (SELECT count(*) FROM events) AS events,
      (SELECT count(*) FROM sessions) AS sessions,
      (SELECT coalesce(sum(pg_total_relation_size(t)), 0) FROM unnest(ARRAY[
        to_regclass('events'), to_regclass('sessions'), to_regclass('file_checkpoints'), to_regclass('schema_migrations')
      ]) AS t WHERE t IS NOT NULL) AS size_bytes`);
    const location = redactDatabaseUrl(this.options.databaseUrl);
    return {
      kind: 'postgres',
      schemaVersion: await schemaVersion(this.reader),
      events: toNumber(row.events),
      sessions: toNumber(row.sessions),
      sizeBytes: toNumber(row.size_bytes),
      location: this.options.schema ? `${location} (schema ${this.options.schema})` : location,
    };
  }
}
