import type { SessionListItem } from '../session/types';

/** The answers of /api/v1/me/stats/* (src/analytics/views/my-stats.ts, src/server/routes/api/me-stats.ts). */
export type MySessionItem = (SessionListItem & { processing: boolean }) | ProcessingTranscript;

/** A transcript read only partly so far (local mode): its session is not (fully) in the store yet. */
export interface ProcessingTranscript {
  sessionId: string;
  path: string;
  bytesRead: number;
  sizeBytes: number;
  updatedAt: number;
  processing: true;
}

export interface TokenFigures {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  totalTokens: number;
  costUsd: number;
}

export interface MyTokens {
  windowDays: number;
  from: number;
  to: number;
  daily: Array<TokenFigures & { day: string; model: string }>;
  byModel: Array<TokenFigures & { model: string; calls: number }>;
  topSessions: Array<TokenFigures & { sessionId: string; project: string | null }>;
  lifetime: TokenFigures & { sessions: number };
}

export interface AuditEntry {
  id: string;
  ts: number;
  actorId: string | null;
  action: string;
  resource: string | null;
  result: string;
  durationMs: number | null;
  client: string;
  detail: string | null;
  count: number;
}

export interface AgentPush {
  id: string;
  ts: number;
  agentId: string;
  hostname: string | null;
  keyId: string | null;
  events: number;
  inserted: number;
  bytes: number;
  lagMs: number | null;
  error: string | null;
}

export interface MySync {
  items: AgentPush[];
  nextCursor: string | null;
  lastSyncAt: number | null;
}
