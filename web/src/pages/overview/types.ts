import type { Kpi } from '../../components/KpiCard';

/** The API answers this page reads (docs/api.md). */
export interface OverviewAnswer {
  bucket: 'hour' | 'day';
  kpis: { sessions: Kpi; prompts: Kpi; tokens: Kpi; costUsd: Kpi; users: Kpi; toolCalls: Kpi; errorRate: Kpi; activeNow: number };
  series: Array<{ bucket: number; prompts: number; sessions: number; tokens: number; costUsd: number; byModel: Record<string, { tokens: number; costUsd: number; calls: number; sessions: number }> }>;
}

export interface LevelsAnswer {
  levels: Array<{ level: 'debug' | 'info' | 'warning' | 'error'; count: number }>;
  total: number;
}

export interface SourcesAnswer {
  sources: Array<{ source: string; events: number; lastTs: number | null; state: 'receiving' | 'quiet' | 'no_data' }>;
}

export interface IngestStatus {
  roots: string[];
  watching: string;
  files: number;
  lagMs: number;
  caughtUp: boolean;
  lastEventAt: number | null;
  problems: unknown[];
}

export interface ToolStats {
  name: string;
  calls: number;
  ok: number;
  errors: number;
  successRate: number | null;
}

export interface ToolsAnswer {
  tools: ToolStats[];
  byMcpServer: ToolStats[];
}

export interface RecurringAnswer {
  recurring: Array<{ pattern: string; type: string; count: number; sessions: number; firstSeen: number; lastSeen: number; example: string }>;
}
