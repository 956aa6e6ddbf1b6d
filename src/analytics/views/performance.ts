import type { Scope } from '../../core/scope.js';
import { byteOrder } from '../../store/sql/dialect.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import { USAGE_CALL } from '../../store/sql/sessions.js';
import type { Store } from '../../store/store.js';
import { eventWhere, type ViewFilters } from './filters.js';
import { durationStats, durationStatsSql, round, type DurationStats } from './sql.js';
import { toolStats } from './tools.js';

/**
 * p95 above which a service is flagged as a bottleneck, in ms: a built-in tool slower than 30 s, an MCP
 * server slower than 10 s (remote calls should be quick), a model slower than 60 s per response.
 */
export const BOTTLENECK_P95_MS = { tool: 30_000, mcp: 10_000, model: 60_000 } as const;
/** A gap longer than this before a model call is the user thinking, not the model: not a latency. */
export const MAX_LATENCY_MS = 10 * 60_000;

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
  const [models, tools, servers] = await Promise.all([
    modelLatency(store, scope, filters),
    toolStats(store, scope, filters, 'tool_name'),
    toolStats(store, scope, filters, 'mcp_server'),
  ]);
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
 * Latency of a model call: the source's durationMs when it gives one; otherwise the time since the
 * latest earlier moment in the same conversation (session, main or sidechain) when something finished —
 * an event's end_ts or ts. Gaps over MAX_LATENCY_MS and calls with nothing before them are not measured.
 */
async function modelLatency(store: Store, scope: Scope, filters: ViewFilters): Promise<ModelLatency[]> {
  const params = new SqlParams();
  const where = eventWhere(params, scope, { ...filters, model: undefined, kind: undefined, q: undefined, level: undefined });
  const modelFilter = filters.model !== undefined ? ` AND model = ${params.add(filters.model)}` : '';
  const rows = await store.reads.all(
    `WITH ordered AS (
       SELECT kind, model, output_tokens, duration_ms, ts,
         max(coalesce(end_ts, ts)) OVER (
           PARTITION BY session_id, coalesce(is_sidechain, false) ORDER BY ts
           RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_done
       FROM events WHERE ${where}
     ), calls AS (
       SELECT model, output_tokens,
         coalesce(duration_ms, CASE WHEN ts - previous_done > 0 AND ts - previous_done <= ${MAX_LATENCY_MS} THEN ts - previous_done END) AS latency
       FROM ordered WHERE ${USAGE_CALL}${modelFilter}
     )
     SELECT model, count(*) AS call_count, count(latency) AS measured, ${durationStatsSql(store.dialect, 'latency', 'latency')},
       sum(output_tokens) FILTER (WHERE latency > 0) AS measured_output, sum(latency) FILTER (WHERE latency > 0) AS measured_ms
     FROM calls GROUP BY model ORDER BY call_count DESC, ${byteOrder(store.dialect, 'model')}`,
    params.values,
  );
  return rows.map((r) => {
    const ms = toNumber(r.measured_ms);
    return {
      model: String(r.model),
      calls: toNumber(r.call_count),
      measured: toNumber(r.measured),
      latencyMs: durationStats(r, 'latency'),
      outputTokensPerSecond: ms > 0 ? round(toNumber(r.measured_output) / (ms / 1000), 2) : null,
    };
  });
}
