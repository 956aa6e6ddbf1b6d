/** The answers of GET /api/v1/tools and /tools/bash (docs/api.md). */
export interface DurationStats {
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ToolStats {
  name: string;
  calls: number;
  ok: number;
  errors: number;
  pending: number;
  successRate: number | null;
  durationMs: DurationStats;
}

export interface SlowCall {
  id: string;
  ts: number;
  sessionId: string;
  toolName: string;
  durationMs: number;
  status: string | null;
  text: string | null;
}

export interface ToolsAnswer {
  tools: ToolStats[];
  byMcpServer: ToolStats[];
  slowest: SlowCall[];
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
