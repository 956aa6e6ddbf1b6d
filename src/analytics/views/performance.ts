import type { Scope } from '../../core/scope.js';
import { LATENCY_HISTOGRAM, TOOL_HISTOGRAM } from '../../store/rollups/bucket-tables.js';
import { MAX_MODEL_LATENCY_MS } from '../../store/rollups/session-tables.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import type { ViewFilters } from './filters.js';
import { withEdgeEvents } from './edge-events.js';
import { HistogramGroup, compareNames } from './histogram-stats.js';
import { rollupRows } from './rollup-source.js';
import { round, type DurationStats } from './sql.js';
import { toolGroups } from './tool-stats.js';

/**
 * p95 above which a service is flagged as a bottleneck, in ms: a built-in tool slower than 30 s, an MCP
 * server slower than 10 s (remote calls should be quick), a model slower than 60 s per response.
 */
export const BOTTLENECK_P95_MS = { tool: 30_000, mcp: 10_000, model: 60_000 } as const;
/** A gap longer than this before a model call is the user thinking, not the model: not a latency. */
export const MAX_LATENCY_MS = MAX_MODEL_LATENCY_MS;

export interface ModelLatency {
  model: string;
  calls: number;
  /** calls a latency could be measured for */
  measured: number;
  latencyMs: DurationStats;
  /** output tokens per second of measured latency */
  outputTokensPerSecond: number | null;
}

export interface Service {
  type: 'tool' | 'mcp' | 'model';
  name: string;
  calls: number;
  p95Ms: number | null;
  thresholdMs: number;
  bottleneck: boolean;
}

export interface PerformanceView {
  models: ModelLatency[];
  /** every tool, MCP server and model, slowest p95 first */
  services: Service[];
  thresholds: typeof BOTTLENECK_P95_MS;
}

/** Model latency percentiles and throughput; tools, MCP servers and models ranked by p95, bottlenecks flagged. */
export async function performanceView(store: Store, scope: Scope, filters: ViewFilters): Promise<PerformanceView> {
  const [models, { tools, byMcpServer: servers }] = await withEdgeEvents(store, [filters], [TOOL_HISTOGRAM], (edges) =>
    Promise.all([modelLatency(store, scope, filters), toolGroups(store, scope, filters, 0, edges)]),
  );
  const service = (type: Service['type'], name: string, calls: number, p95Ms: number | null): Service => ({
    type, name, calls, p95Ms, thresholdMs: BOTTLENECK_P95_MS[type], bottleneck: p95Ms !== null && p95Ms > BOTTLENECK_P95_MS[type],
  });
  const services = [
    ...tools.filter((t) => !t.name.startsWith('mcp__')).map((t) => service('tool', t.name, t.calls, t.durationMs.p95)),
    ...servers.map((s) => service('mcp', s.name, s.calls, s.durationMs.p95)),
    ...models.map((m) => service('model', m.model, m.calls, m.latencyMs.p95)),
  ].sort((a, b) => (b.p95Ms ?? -1) - (a.p95Ms ?? -1));
  return { models, services, thresholds: BOTTLENECK_P95_MS };
}

/**
 * Latency of a model call (store/rollups/session-tables.ts, rollup_call_latency): the source's
 * durationMs when it gives one; otherwise the time since the latest earlier moment in the same
 * conversation (session, main or sidechain) when something finished — an event's end_ts or ts. Gaps
 * over MAX_LATENCY_MS and calls with nothing before them are not measured. Percentiles come from the
 * latency histogram roll-up (within 4.4 % of exact); mean and throughput are exact.
 */
async function modelLatency(store: Store, scope: Scope, filters: ViewFilters): Promise<ModelLatency[]> {
  const params = new SqlParams();
  const callFilters = { ...filters, kind: undefined, q: undefined, level: undefined };
  const rows = await store.reads.all(
    `SELECT model, bin, sum(calls) AS calls, sum(latency_sum) AS latency_sum, sum(measured_output) AS measured_output, sum(measured_ms) AS measured_ms
     FROM ${rollupRows(params, LATENCY_HISTOGRAM, scope, callFilters)} AS r GROUP BY 1, 2`,
    params.values,
  );
  const groups = new Map<string, { latency: HistogramGroup; output: number; ms: number }>();
  for (const r of rows) {
    const model = String(r.model);
    const group = groups.get(model) ?? { latency: new HistogramGroup(), output: 0, ms: 0 };
    groups.set(model, group);
    group.latency.add(r.bin, toNumber(r.calls), toNumber(r.latency_sum));
    group.output += toNumber(r.measured_output);
    group.ms += toNumber(r.measured_ms);
  }
  const models = [...groups].map(([model, { latency, output, ms }]) => ({
    model,
    calls: latency.count,
    measured: latency.measured,
    latencyMs: latency.stats(),
    outputTokensPerSecond: ms > 0 ? round(output / (ms / 1000), 2) : null,
  }));
  return models.sort((a, b) => b.calls - a.calls || compareNames(a.model, b.model));
}
