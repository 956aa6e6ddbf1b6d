import type { Scope } from '../../core/scope.js';
import { byteOrder } from '../../store/sql/dialect.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { TOOL_HISTOGRAM } from '../../store/rollups/bucket-tables.js';
import { SLOW_TOOL_INDEX_MS } from '../../store/sql/expressions.js';
import { withEdgeEvents } from './edge-events.js';
import { eventWhere, type ViewFilters } from './filters.js';
import { TOOL_DURATION_SQL, textOrNull } from './sql.js';
import { toolGroups, type ToolStats } from './tool-stats.js';

export const SLOWEST_CALLS = 20;

export type { ToolStats };

export interface SlowCall {
  id: string;
  ts: number;
  sessionId: string;
  toolName: string;
  durationMs: number;
  status: string | null;
  text: string | null;
}

export interface ToolsView {
  tools: ToolStats[];
  byMcpServer: ToolStats[];
  slowest: SlowCall[];
}

/**
 * Tool calls in the range: frequency, success rate, duration mean and p50/p95/p99 (from histograms:
 * within 4.4 % of exact), slowest calls, per MCP server.
 */
export async function toolsView(store: Store, scope: Scope, filters: ViewFilters, slowest = SLOWEST_CALLS): Promise<ToolsView> {
  return withEdgeEvents(store, [filters], [TOOL_HISTOGRAM], async (edges) => {
    const { tools, byMcpServer, slowFloor } = await toolGroups(store, scope, filters, Math.max(1, slowest), edges);
    // slowest = 0 (the overview's panel) skips the one read of events
    return { tools, byMcpServer, slowest: slowest > 0 ? await slowestCalls(store, scope, filters, slowFloor, slowest) : [] };
  });
}

/**
 * The slowest calls, from events. `floor` (from the histogram) is a duration they all reach: rows below
 * it are skipped instead of sorted. duration_ms is stored whenever a duration is known (every write
 * derives it from end_ts; migration 004 did so for older rows), so it equals TOOL_DURATION_SQL.
 */
async function slowestCalls(store: Store, scope: Scope, filters: ViewFilters, floor: number, limit: number): Promise<SlowCall[]> {
  const params = new SqlParams();
  const where = eventWhere(params, scope, { ...filters, kind: ['tool_call'] });
  const columns = `id, ts, session_id, tool_name, ${TOOL_DURATION_SQL} AS duration, status, substr(text, 1, 300) AS excerpt`;
  const atLeast = params.add(floor);
  // DuckDB filters the plain column in the scan; PostgreSQL's partial index holds the calls over 10 s,
  // and its planner uses it only when the query repeats that condition
  const indexed = floor >= SLOW_TOOL_INDEX_MS ? ` AND duration_ms >= ${SLOW_TOOL_INDEX_MS}` : '';
  const slow = `SELECT ${columns} FROM events WHERE ${where} AND duration_ms >= ${atLeast}${indexed}`;
  const rows = await store.reads.all(
    `SELECT * FROM (${slow}) AS slow ORDER BY duration DESC, ${byteOrder(store.dialect, 'id')} LIMIT ${Math.trunc(limit)}`,
    params.values,
  );
  return rows.map((r) => ({
    id: String(r.id),
    ts: toNumber(r.ts),
    sessionId: String(r.session_id),
    toolName: String(r.tool_name ?? 'unknown'),
    durationMs: toNumber(r.duration),
    status: textOrNull(r.status),
    text: textOrNull(r.excerpt),
  }));
}
