import type { CanonicalEvent } from '../core/event.js';
import type { Scope } from '../core/scope.js';
import type { Dialect } from './sql/dialect.js';
import type { SqlSession } from './sql/session.js';
import type { DeleteEventsSelector, DeletedEvents } from './sql/delete-events.js';

/** How far a transcript file has been read. Written in the same transaction as its events. */
export interface FileCheckpoint {
  path: string;
  /** bytes consumed: always at a line boundary, never inside a partial last line */
  offset: number;
  size: number;
  mtimeMs: number;
  ino: number;
  /** lines that failed to parse so far in this file */
  malformedLines: number;
  updatedAt: number;
}

/** Filters shared by usage reads. Times are epoch ms, inclusive since, exclusive until. */
export interface UsageFilter {
  since?: number;
  until?: number;
  project?: string;
  sessionId?: string;
}

export interface TokenSums {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  /** cost from our bundled price table (0 for unpriced calls) */
  costUsd: number;
  /** sum of the costUSD the agent wrote itself, where it did */
  reportedCostUsd: number;
  /** per call: the reported costUSD when present, else ours (ccusage's "auto" mode) */
  autoCostUsd: number;
  /** llm calls whose model had no price */
  unpricedCalls: number;
  calls: number;
}

/** Usage summed per (time bucket, model); reports turn buckets into local days/weeks/months. */
export interface UsageBucketRow extends TokenSums {
  /** bucket start, epoch ms; buckets are 15 minutes so every real time zone maps exactly */
  bucket: number;
  model: string;
}

export interface SessionUsageRow extends TokenSums {
  sessionId: string;
  project: string;
  model: string;
  lastTs: number;
}

/**
 * Model calls for reports that need entry times (5-hour blocks). One row is one call, or (as the
 * stores return them) all calls of one model within one minute: `ts` is the earliest, `lastTs` the
 * latest, sums and counts cover them all. Minutes are (k·60 s, (k+1)·60 s], so a block boundary
 * (whole hours) never falls inside one, and block results are the same as call by call.
 */
export interface UsageEntryRow {
  ts: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  reportedCostUsd: number | null;
  /** latest call time in the row (default ts) */
  lastTs?: number;
  /** calls in the row (default 1) */
  calls?: number;
  /** sum over the calls of reported ?? computed cost (default reportedCostUsd ?? costUsd) */
  autoCostUsd?: number;
  /** calls with tokens and no price (default: derived from costUsd) */
  unpricedCalls?: number;
  /** unpriced calls that did not report a cost either */
  unpricedUnreportedCalls?: number;
}

/** The roll-up of one session's events. */
export interface SessionRollup {
  sessionId: string;
  teamId: string;
  userId: string;
  visibility: string;
  agent: string;
  project: string | null;
  cwd: string | null;
  gitBranch: string | null;
  title: string | null;
  firstTs: number;
  lastTs: number;
  models: string[];
  lastModel: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  prompts: number;
  llmCalls: number;
  toolCalls: number;
  toolErrors: number;
  errors: number;
  /** input + cache tokens of the latest main-conversation model call: the context window in use */
  lastContextTokens: number;
  ended: boolean;
}

export interface EventQuery {
  sessionId?: string;
  kind?: string;
  since?: number;
  until?: number;
  limit?: number;
}

export interface StoreStats {
  kind: 'duckdb' | 'postgres';
  schemaVersion: number;
  events: number;
  sessions: number;
  sizeBytes: number | null;
  location: string;
}

/**
 * The one storage contract. Both implementations (DuckDB embedded, PostgreSQL team server)
 * pass the same contract suite in test/store-contract.test.ts.
 *
 * Writes upsert by event id with the merge rule of core/merge.ts, so any re-ingest is a no-op.
 * Every read takes the caller's Scope.
 */
export interface Store {
  readonly kind: 'duckdb' | 'postgres';
  /** SQL dialect of `reads`, for analytics modules that write their own SQL. */
  readonly dialect: Dialect;
  /**
   * A read-only SQL session for analytics (one query function per view, src/analytics/).
   * Callers must apply the caller's scope with `scopeSql` from store/sql/params.ts.
   */
  readonly reads: SqlSession;
  /** Apply pending migrations; called by openStore before anything else. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /**
   * Upsert events and, in the same transaction, the file checkpoints they bring us to:
   * a crash leaves either both or neither. Returns how many ids were new.
   */
  writeBatch(events: CanonicalEvent[], checkpoints?: FileCheckpoint[]): Promise<{ inserted: number; merged: number }>;
  /**
   * writeBatch for events already JSON-encoded, one per line (several lines per part, a part being
   * a string or UTF-8 bytes):
   * the importer's workers encode in parallel and a store may bulk-load the text natively.
   * Ids must be unique within one call; passing them (in any order) lets a store skip work.
   */
  writeEventLines(parts: ReadonlyArray<string | Uint8Array>, checkpoints?: FileCheckpoint[], ids?: readonly string[]): Promise<{ inserted: number; merged: number }>;
  /**
   * A read-write transaction for small writes outside the event path (people tables, sharing):
   * all of `work` commits or none of it. Not for event writes: use writeBatch.
   */
  transaction<T>(work: (db: SqlSession) => Promise<T>): Promise<T>;
  /** A small named fact the store keeps about itself; null when unset. */
  getMeta(key: string): Promise<string | null>;
  /** Set a meta value, or remove it with null. */
  setMeta(key: string, value: string | null): Promise<void>;
  /**
   * Recompute the roll-ups of these sessions (all when omitted) from their events: the `sessions` table
   * now, the dashboard roll-ups (store/rollups/) now when all, else recorded as owed (payOwedRollups).
   */
  refreshSessions(sessionIds?: string[]): Promise<void>;
  /** Bring the dashboard roll-ups up to date with every write refreshSessions was told about. Reads of them call this first. */
  payOwedRollups(): Promise<void>;
  /** Delete events (and checkpoints under a path prefix), e.g. demo data; then refreshSessions(result.sessionIds). */
  deleteEvents(selector: DeleteEventsSelector): Promise<DeletedEvents>;
  getCheckpoints(): Promise<Map<string, FileCheckpoint>>;

  usageBuckets(scope: Scope, filter: UsageFilter): Promise<UsageBucketRow[]>;
  sessionUsage(scope: Scope, filter: UsageFilter): Promise<SessionUsageRow[]>;
  usageEntries(scope: Scope, filter: UsageFilter): Promise<UsageEntryRow[]>;

  getEvent(scope: Scope, id: string): Promise<CanonicalEvent | null>;
  listEvents(scope: Scope, query: EventQuery): Promise<CanonicalEvent[]>;
  countEvents(scope: Scope, query?: EventQuery): Promise<number>;
  getSession(scope: Scope, sessionId: string): Promise<SessionRollup | null>;
  listSessions(scope: Scope, query?: { limit?: number }): Promise<SessionRollup[]>;
  stats(): Promise<StoreStats>;
}

export const USAGE_BUCKET_MS = 15 * 60 * 1000;
