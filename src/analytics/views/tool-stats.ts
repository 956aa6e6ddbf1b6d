import type { Scope } from '../../core/scope.js';
import { TOOL_HISTOGRAM } from '../../store/rollups/bucket-tables.js';
import { topFloor } from '../../store/rollups/histogram.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Row } from '../../store/sql/session.js';
import type { Store } from '../../store/store.js';
import type { EdgeEvents } from './edge-events.js';
import type { ViewFilters } from './filters.js';
import { HistogramGroup, compareNames } from './histogram-stats.js';
import { answerable, rollupRows } from './rollup-source.js';
import { ratio, type DurationStats } from './sql.js';

export interface ToolStats {
  /** tool name, or MCP server name in `byMcpServer` */
  name: string;
  calls: number;
  ok: number;
  errors: number;
  /** still waiting for a result */
  pending: number;
  /** ok / (ok + errors); null before any call completed */
  successRate: number | null;
  durationMs: DurationStats;
}

export interface ToolGroups {
  tools: ToolStats[];
  byMcpServer: ToolStats[];
  /** a duration the `slowest` slowest calls all reach (0 when the roll-up cannot tell) */
  slowFloor: number;
}

/**
 * Tool calls per tool and per MCP server, from one read of the tool histogram roll-up: counts, success
 * rate, duration mean (exact) and p50/p95/p99 (within 4.4 %).
 */
export async function toolGroups(store: Store, scope: Scope, filters: ViewFilters, slowest: number, edges?: EdgeEvents): Promise<ToolGroups> {
  const toolFilters = { ...filters, kind: undefined };
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT tool_name, mcp_server, bin, sum(calls) AS calls, sum(ok) AS ok, sum(errors) AS errors, sum(duration_sum) AS duration_sum
     FROM ${rollupRows(params, TOOL_HISTOGRAM, scope, toolFilters, undefined, edges)} AS r GROUP BY 1, 2, 3`,
    params.values,
  );
  const timed = rows.filter((r) => r.bin !== null && r.bin !== undefined).map((r) => ({ bin: toNumber(r.bin), count: toNumber(r.calls) }));
  return {
    tools: statsBy(rows, 'tool_name'),
    byMcpServer: statsBy(rows, 'mcp_server'),
    slowFloor: answerable(TOOL_HISTOGRAM, toolFilters) ? topFloor(timed, slowest) : 0,
  };
}

/** Histogram rows summed per non-null `key`, most calls first. */
function statsBy(rows: readonly Row[], key: 'tool_name' | 'mcp_server'): ToolStats[] {
  const groups = new Map<string, { durations: HistogramGroup; ok: number; errors: number }>();
  for (const r of rows) {
    if (r[key] === null || r[key] === undefined) continue;
    const name = String(r[key]);
    const group = groups.get(name) ?? { durations: new HistogramGroup(), ok: 0, errors: 0 };
    groups.set(name, group);
    group.durations.add(r.bin, toNumber(r.calls), toNumber(r.duration_sum));
    group.ok += toNumber(r.ok);
    group.errors += toNumber(r.errors);
  }
  const stats = [...groups].map(([name, { durations, ok, errors }]) => ({
    name, calls: durations.count, ok, errors, pending: durations.count - ok - errors, successRate: ratio(ok, ok + errors), durationMs: durations.stats(),
  }));
  return stats.sort((a, b) => b.calls - a.calls || compareNames(a.name, b.name));
}
