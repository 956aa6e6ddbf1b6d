import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import type { Store } from '../../store/store.js';

/**
 * Ids among these that are stored already under another owner: writing them would merge into
 * someone else's row, so they are refused. A member may touch only their own rows, an admin any
 * row of their team. One indexed lookup on PostgreSQL, one column scan on DuckDB.
 */
export async function foreignIds(store: Store, scope: Scope, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const params = new SqlParams();
  const own = scope.role === 'admin' ? `team_id = ${params.add(scope.teamId)}` : `team_id = ${params.add(scope.teamId)} AND user_id = ${params.add(scope.userId)}`;
  const rows = await store.reads.all(`SELECT id FROM events WHERE id IN (${params.list(ids)}) AND NOT (${own})`, params.values);
  return new Set(rows.map((row) => String(row.id)));
}
