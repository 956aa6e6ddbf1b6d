/**
 * The agent's push protocol, shared by the agent (sender) and the server route (receiver):
 * `POST /api/v1/agent/push`, body = canonical events as NDJSON, gzip-compressed.
 */
export const PUSH_PATH = '/api/v1/agent/push';
export const STATUS_PATH = '/api/v1/agent/status';
export const NDJSON_TYPE = 'application/x-ndjson';
/** the agent's random id (kept in its state dir): one per machine and SIGHTLINE_HOME */
export const AGENT_ID_HEADER = 'x-sightline-agent-id';
export const HOSTNAME_HEADER = 'x-sightline-hostname';
export const AGENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** Most events one push may carry; the agent sends fewer (PUSH_BATCH_EVENTS). */
export const MAX_PUSH_EVENTS = 50_000;
/** Most compressed bytes one push may carry. */
export const MAX_PUSH_BYTES = 32 * 1024 * 1024;
/** Most bytes a push may inflate to: a gzip bomb stops here. */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** What the server answers to an accepted push. */
export interface PushResponse {
  /** events stored (new, or merged into a stored copy of their id) */
  accepted: number;
  /** of those, ids the server did not have before */
  inserted: number;
  /** events skipped: their id belongs to another owner's event */
  foreign?: number;
}

/** One agent as `GET /api/v1/agent/status` lists it. */
export interface AgentStatus {
  agentId: string;
  userId: string;
  hostname: string | null;
  /** epoch ms of the last push (successful or not) */
  lastPushAt: number;
  /** epoch ms of the last successful push, null when none succeeded */
  lastSuccessAt: number | null;
  /** now − newest event ts, at the last successful push */
  lagMs: number | null;
  pushes: number;
  errors: number;
  /** the newest error, when no push succeeded after it */
  lastError: string | null;
  eventsPushed: number;
  eventsInserted: number;
  bytesPushed: number;
}
