/** Shapes of the API answers the sessions pages read (docs/api.md). */
export type SessionStatus = 'active' | 'idle' | 'ended';
export type ContextLevel = 'ok' | 'warning' | 'high' | 'critical';

export interface SessionListItem {
  sessionId: string;
  title: string | null;
  project: string | null;
  agent: string;
  userId: string;
  cwd: string | null;
  gitBranch: string | null;
  firstTs: number;
  lastTs: number;
  durationMs: number;
  status: SessionStatus;
  models: string[];
  lastModel: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  totalTokens: number;
  costUsd: number;
  prompts: number;
  llmCalls: number;
  toolCalls: number;
  toolErrors: number;
  errors: number;
  contextTokens: number;
  contextWindow: number;
  contextPct: number;
  contextLevel: ContextLevel;
}

export interface HealthPart {
  part: 'errors' | 'retries' | 'contextPressure' | 'slowTools';
  penalty: number;
  maxPenalty: number;
  explanation: string;
}

export interface ModelSwitch {
  ts: number;
  from: string;
  to: string;
  eventId: string;
}

export interface SubagentNode {
  agentId: string;
  parentToolCallId: string | null;
  description: string | null;
  firstTs: number;
  lastTs: number;
  llmCalls: number;
  tokens: number;
  costUsd: number;
  toolCalls: number;
  errors: number;
  children: SubagentNode[];
}

export interface SessionDetail {
  session: SessionListItem;
  health: { score: number; parts: HealthPart[] };
  counts: { finalErrors: number; retries: number; slowTools: number; compactions: number };
  modelSwitches: ModelSwitch[];
  subagentTree: { agentId: null; children: SubagentNode[] };
}

/** A light timeline row of GET /sessions/:id/events. */
export interface TimelineEvent {
  id: string;
  ts: number;
  kind: string;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheCreationTokens: number | null;
  costUsd: number | null;
  toolName: string | null;
  status: string | null;
  durationMs: number | null;
  exitCode: number | null;
  level: string | null;
  text: string | null;
  parentId: string | null;
  isSidechain: boolean;
  agentId: string | null;
}

export interface ContextPoint {
  eventId: string;
  ts: number;
  model: string;
  tokens: number;
  window: number;
  pct: number;
  level: ContextLevel;
}

export interface Compaction {
  eventId: string;
  ts: number;
  trigger: string | null;
  preTokens: number | null;
  postTokens: number | null;
}

export interface SessionContext {
  sessionId: string;
  thresholds: { warning: number; high: number; critical: number };
  points: ContextPoint[];
  compactions: Compaction[];
  current: ContextPoint | null;
}

export interface RawLine {
  path: string;
  offset: number;
  line: unknown;
  problem: string | null;
}

export interface EventPayload {
  event: Record<string, unknown> & { id: string; ts: number; kind: string; attrs?: Record<string, unknown> };
  source: RawLine | null;
  result: RawLine | null;
}

export interface ToolStat {
  name: string;
  calls: number;
  ok: number;
  errors: number;
  pending: number;
  successRate: number | null;
  durationMs: { mean: number | null; p50: number | null; p95: number | null; p99: number | null };
}

export interface BashCommand {
  id: string;
  ts: number;
  sessionId: string;
  command: string | null;
  status: string | null;
  exitCode: number | null;
  durationMs: number | null;
  outputExcerpt: string | null;
}

export interface ErrorRow {
  id: string;
  ts: number;
  sessionId: string;
  type: string;
  toolName: string | null;
  message: string;
}

export interface RecurringError {
  pattern: string;
  type: string;
  count: number;
  sessions: number;
  firstSeen: number;
  lastSeen: number;
  example: string;
}
