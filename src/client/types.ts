/** Options of `new SightlineClient(...)`. */
export interface SightlineClientOptions {
  /** server base URL, e.g. http://127.0.0.1:7317 */
  url: string;
  /** access token (local: $SIGHTLINE_HOME/token) */
  token: string;
  /** directory for the on-disk buffer used while the server is unreachable (one client per directory); omit to buffer in memory only */
  bufferDir?: string;
  /** most bytes kept buffered (memory + disk); the oldest events are dropped beyond it (default 64 MiB) */
  maxBufferBytes?: number;
  /** events per request (default 1,000; at most 10,000) */
  batchSize?: number;
  /** send what is queued at least this often (default 1,000 ms) */
  flushIntervalMs?: number;
  /** agent name stamped on events that name none (default 'app') */
  agent?: string;
  /** session id for events that name none (default: one random id per client) */
  sessionId?: string;
  /** longest wait between retries (default 30,000 ms) */
  maxBackoffMs?: number;
  /** called when a batch is refused for good (4xx other than 408/429) or events are rejected or dropped */
  onError?: (error: Error) => void;
}

/** Fields every helper accepts besides its own. */
export interface CommonFields {
  /** epoch ms (default now) */
  ts?: number;
  sessionId?: string;
  project?: string;
  /** a natural key: the server derives the id from it, so sending the same key twice stores one event */
  key?: string;
  attrs?: Record<string, unknown>;
  visibility?: 'private' | 'team' | 'public';
}

export type Level = 'debug' | 'info' | 'warning' | 'error';

export interface LlmCallFields extends CommonFields {
  model: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
  /** omitted: computed by the server from its price table */
  costUsd?: number;
  durationMs?: number;
  requestId?: string;
  text?: string;
}

export interface ToolCallFields extends CommonFields {
  toolName: string;
  mcpServer?: string;
  durationMs?: number;
  endTs?: number;
  status?: 'ok' | 'error' | 'pending';
  exitCode?: number;
  text?: string;
}

export interface MemoryFields extends CommonFields {
  op: 'write' | 'read';
  category: string;
  /** 0 … 1 */
  importance?: number;
  /** the memory's own key in the app */
  memoryKey?: string;
  text?: string;
}

export interface JobRunFields extends CommonFields {
  name: string;
  type?: string;
  schedule?: string;
  durationMs?: number;
  result: 'ok' | 'error' | 'skipped' | 'timeout';
  /** epoch ms of the next scheduled run */
  nextRunAt?: number;
  text?: string;
}

export interface CapabilityFields extends CommonFields {
  name: string;
  type?: string;
  status: 'up' | 'degraded' | 'down' | 'unknown';
  reason?: string;
}

/** Counters of what happened to the events handed to the client. */
export interface ClientStats {
  /** events handed to the client */
  queued: number;
  /** events the server accepted */
  delivered: number;
  /** events the server refused (their index and field went to onError) */
  rejected: number;
  /** events dropped: the buffer was full, or a batch was refused as a whole */
  dropped: number;
  /** events waiting (memory + disk) */
  pending: number;
  /** requests retried */
  retries: number;
}
