/** The answer of GET /api/v1/performance (docs/api.md). */
export interface DurationStats {
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ModelLatency {
  model: string;
  calls: number;
  measured: number;
  latencyMs: DurationStats;
  outputTokensPerSecond: number | null;
}

export type ServiceType = 'tool' | 'mcp' | 'model';

export interface Service {
  type: ServiceType;
  name: string;
  calls: number;
  p95Ms: number | null;
  thresholdMs: number;
  bottleneck: boolean;
}

export interface PerformanceAnswer {
  models: ModelLatency[];
  services: Service[];
  thresholds: Record<ServiceType, number>;
}
