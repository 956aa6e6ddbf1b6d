import { stat } from 'node:fs/promises';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { CanonicalEvent } from '../../core/event.js';
import { applyMigrations, schemaVersion } from '../migrations/index.js';
import { oweRollups, payOwedRollups } from '../rollups/refresh.js';
import { refreshSessionRollups } from '../sql/sessions.js';
import { deleteEventsWhere, type DeleteEventsSelector, type DeletedEvents } from '../sql/delete-events.js';
import { writeMeta } from '../sql/meta.js';
import { SqlStore } from '../sql/sql-store.js';
import { toNumber } from '../sql/rows.js';
import type { SqlSession } from '../sql/session.js';
import type { FileCheckpoint, StoreStats } from '../store.js';
import { DuckConnection } from './connection.js';
import { checkEventKeys, keyedTimes } from './event-keys.js';
import * as reads from '../sql/reads.js';
import type { Scope } from '../../core/scope.js';
import { openDuckDbInstance } from './instance.js';
import { writeDuckDbBatch } from './write-batch.js';
import { writeDuckDbLines } from './write-lines.js';

/**
 * The embedded store: one DuckDB file owned by this process. Writes go through one connection,
 * reads through another, so a long import never blocks behind a dashboard query's turn (and reads
 * only ever see committed batches).
 */
export class DuckDbStore extends SqlStore {
  readonly kind = 'duckdb' as const;

  private constructor(
    private readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckConnection,
    protected readonly reader: DuckConnection,
  ) {
    super();
  }

  /** Opens (creating when missing) the file at `path`; throws StoreLockedError when another process holds it. */
  static async open(path: string, memoryLimit?: string, threads?: number): Promise<DuckDbStore> {
    const instance = await openDuckDbInstance(path, memoryLimit, threads);
    const writer = new DuckConnection(await instance.connect());
    const reader = new DuckConnection(await instance.connect());
    return new DuckDbStore(path, instance, writer, reader);
  }

  async migrate(): Promise<void> {
    await this.writer.transaction(async (db) => {
      await applyMigrations(db, 'duckdb');
      await checkEventKeys(db);
    });
  }

  /** Through event_keys: the key scan finds the event's time, the row read prunes by it (see event-keys.ts). */
  async getEvent(scope: Scope, id: string): Promise<CanonicalEvent | null> {
    const times = await keyedTimes(this.reader, id);
    if (times.length === 0) return null;
    return (await reads.getEvent(this.reader, scope, id, times)) ?? reads.getEvent(this.reader, scope, id);
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.reader.close();
    this.instance.closeSync();
  }

  writeBatch(events: CanonicalEvent[], checkpoints: FileCheckpoint[] = []): Promise<{ inserted: number; merged: number }> {
    return writeDuckDbBatch(this.writer, events, checkpoints, this.owe);
  }

  writeEventLines(parts: ReadonlyArray<string | Uint8Array>, checkpoints: FileCheckpoint[] = [], ids?: readonly string[]): Promise<{ inserted: number; merged: number }> {
    return writeDuckDbLines(this.writer, parts, checkpoints, ids, this.owe);
  }

  transaction<T>(work: (db: SqlSession) => Promise<T>): Promise<T> {
    return this.writer.transaction(work);
  }

  setMeta(key: string, value: string | null): Promise<void> {
    return this.writer.transaction((db) => writeMeta(db, key, value));
  }

  refreshSessions(sessionIds?: string[]): Promise<void> {
    const sessions = this.withOwedSessions(sessionIds);
    return this.writer.transaction(async (db) => {
      await refreshSessionRollups(db, 'duckdb', sessions);
      await oweRollups(db, 'duckdb', sessions);
    });
  }

  payOwedRollups(): Promise<void> {
    return this.writer.transaction((db) => payOwedRollups(db, 'duckdb'));
  }

  deleteEvents(selector: DeleteEventsSelector): Promise<DeletedEvents> {
    return this.writer.transaction((db) => deleteEventsWhere(db, selector));
  }

  async stats(): Promise<StoreStats> {
    const [counts] = await this.reader.all(
      'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM sessions) AS sessions',
    );
    return {
      kind: 'duckdb',
      schemaVersion: await schemaVersion(this.reader),
      events: toNumber(counts.events),
      sessions: toNumber(counts.sessions),
      sizeBytes: await this.fileSize(),
      location: this.path,
    };
  }

  /** The database file plus its write-ahead log, which holds recent batches until the next checkpoint. */
  private async fileSize(): Promise<number | null> {
    const sizeOf = (p: string) => stat(p).then((s) => s.size, () => 0);
    if (this.path === ':memory:') return null;
    return (await sizeOf(this.path)) + (await sizeOf(`${this.path}.wal`));
  }
}
