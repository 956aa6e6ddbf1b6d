import type { CanonicalEvent } from '../../core/event.js';
import type { Scope } from '../../core/scope.js';
import type {
  EventQuery,
  FileCheckpoint,
  SessionRollup,
  SessionUsageRow,
  Store,
  StoreStats,
  UsageBucketRow,
  UsageEntryRow,
  UsageFilter,
} from '../store.js';
import { readCheckpoints } from './checkpoints.js';
import { readMeta } from './meta.js';
import * as reads from './reads.js';
import type { SqlSession } from './session.js';
import type { DeleteEventsSelector, DeletedEvents } from './delete-events.js';
import * as usage from './usage.js';

/**
 * The reads both stores share: the same SQL over a connection that only sees committed data.
 * Subclasses supply the connection (`reader`) and the writes, which differ in how they bulk-load.
 */
export abstract class SqlStore implements Store {
  abstract readonly kind: 'duckdb' | 'postgres';
  protected abstract readonly reader: SqlSession;
  /**
   * Sessions a write changed without holding their events (a shadowed copy dropped, see shadow.ts):
   * the next refreshSessions refreshes them too, so their roll-ups stay exact.
   */
  private readonly owedSessions = new Set<string>();

  protected readonly owe = (sessionIds: readonly string[]): void => {
    for (const id of sessionIds) this.owedSessions.add(id);
  };

  /** The sessions to refresh: these plus the owed ones (undefined: all, which pays every debt). */
  protected withOwedSessions(sessionIds?: readonly string[]): string[] | undefined {
    const owed = [...this.owedSessions];
    this.owedSessions.clear();
    return sessionIds ? [...sessionIds, ...owed] : undefined;
  }

  get dialect(): 'duckdb' | 'postgres' {
    return this.kind;
  }

  get reads(): SqlSession {
    return this.reader;
  }

  abstract migrate(): Promise<void>;
  abstract close(): Promise<void>;
  abstract writeBatch(events: CanonicalEvent[], checkpoints?: FileCheckpoint[]): Promise<{ inserted: number; merged: number }>;
  abstract refreshSessions(sessionIds?: string[]): Promise<void>;
  abstract payOwedRollups(): Promise<void>;
  abstract deleteEvents(selector: DeleteEventsSelector): Promise<DeletedEvents>;
  abstract stats(): Promise<StoreStats>;
  abstract transaction<T>(work: (db: SqlSession) => Promise<T>): Promise<T>;

  /** The generic encoded path: decode and write; DuckDB overrides it with its native JSON reader. */
  writeEventLines(parts: ReadonlyArray<string | Uint8Array>, checkpoints?: FileCheckpoint[]): Promise<{ inserted: number; merged: number }> {
    const events: CanonicalEvent[] = [];
    for (const part of parts) {
      const text = typeof part === 'string' ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('utf8');
      for (const line of text.split('\n')) if (line) events.push(JSON.parse(line));
    }
    return this.writeBatch(events, checkpoints);
  }

  getMeta(key: string): Promise<string | null> {
    return readMeta(this.reader, key);
  }

  abstract setMeta(key: string, value: string | null): Promise<void>;

  getCheckpoints(): Promise<Map<string, FileCheckpoint>> {
    return readCheckpoints(this.reader);
  }

  usageBuckets(scope: Scope, filter: UsageFilter): Promise<UsageBucketRow[]> {
    return usage.usageBuckets(this.reader, this.kind, scope, filter);
  }

  sessionUsage(scope: Scope, filter: UsageFilter): Promise<SessionUsageRow[]> {
    return usage.sessionUsage(this.reader, this.kind, scope, filter);
  }

  usageEntries(scope: Scope, filter: UsageFilter): Promise<UsageEntryRow[]> {
    return usage.usageEntries(this.reader, this.kind, scope, filter);
  }

  getEvent(scope: Scope, id: string): Promise<CanonicalEvent | null> {
    return reads.getEvent(this.reader, scope, id);
  }

  listEvents(scope: Scope, query: EventQuery): Promise<CanonicalEvent[]> {
    return reads.listEvents(this.reader, this.kind, scope, query);
  }

  countEvents(scope: Scope, query?: EventQuery): Promise<number> {
    return reads.countEvents(this.reader, scope, query);
  }

  getSession(scope: Scope, sessionId: string): Promise<SessionRollup | null> {
    return reads.getSession(this.reader, scope, sessionId);
  }

  listSessions(scope: Scope, query?: { limit?: number }): Promise<SessionRollup[]> {
    return reads.listSessions(this.reader, this.kind, scope, query);
  }
}
