import type { Scope } from '../../core/scope.js';
import { byteOrder } from '../../store/sql/dialect.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { eventWhere, type ViewFilters } from './filters.js';
import { TOOL_DURATION_SQL, durationStats, durationStatsSql, ratio, textOrNull, type DurationStats } from './sql.js';

const SLOWEST_CALLS = 20;

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

/** Tool calls in the range: frequency, success rate, duration mean/p50/p95/p99, slowest calls, per MCP server. */
export async function toolsView(store: Store, scope: Scope, filters: ViewFilters): Promise<ToolsView> {
  const [tools, byMcpServer, slowest] = await Promise.all([
    toolStats(store, scope, filters, 'tool_name'),
    toolStats(store, scope, filters, 'mcp_server'),
    slowestCalls(store, scope, filters),
  ]);
  return { tools, byMcpServer, slowest };
}

export async function toolStats(store: Store, scope: Scope, filters: ViewFilters, keyColumn: 'tool_name' | 'mcp_server'): Promise<ToolStats[]> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT ${keyColumn} AS name, count(*) AS calls,
       count(*) FILTER (WHERE status = 'ok') AS ok, count(*) FILTER (WHERE status = 'error') AS errors,
       ${durationStatsSql(store.dialect, TOOL_DURATION_SQL)}
     FROM events WHERE ${eventWhere(params, scope, { ...filters, kind: ['tool_call'] })} AND ${keyColumn} IS NOT NULL
     GROUP BY 1 ORDER BY calls DESC, ${byteOrder(store.dialect, keyColumn)}`,
    params.values,
  );
  return rows.map((r) => {
    const ok = toNumber(r.ok);
    const errors = toNumber(r.errors);
    const calls = toNumber(r.calls);
    return { name: String(r.name), calls, ok, errors, pending: calls - ok - errors, successRate: ratio(ok, ok + errors), durationMs: durationStats(r) };
  });
}

async function slowestCalls(store: Store, scope: Scope, filters: ViewFilters): Promise<SlowCall[]> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT id, ts, session_id, tool_name, ${TOOL_DURATION_SQL} AS duration, status, substr(text, 1, 300) AS excerpt
     FROM events WHERE ${eventWhere(params, scope, { ...filters, kind: ['tool_call'] })} AND ${TOOL_DURATION_SQL} IS NOT NULL
     ORDER BY duration DESC, ${byteOrder(store.dialect, 'id')} LIMIT ${SLOWEST_CALLS}`,
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
