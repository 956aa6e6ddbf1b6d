import type { Scope } from '../../core/scope.js';
import { SqlParams, scopeSql } from '../../store/sql/params.js';
import type { Store } from '../../store/store.js';

/** Where a session view reads that session's events from: `FROM ${table} WHERE ${where(params)}`. */
export interface SessionRows {
  table: string;
  where(params: SqlParams): string;
}

let counter = 0;

/**
 * One session's events, for a view that asks several questions of them. DuckDB keeps no index on
 * events, so each query would scan the session_id column of every row: the view's events are copied
 * once into a temp table of the read connection and its queries read that. PostgreSQL finds them
 * through its (session_id, ts) index and reads events directly.
 */
export async function withSessionRows<T>(store: Store, scope: Scope, sessionId: string, view: (rows: SessionRows) => Promise<T>): Promise<T> {
  const where = (params: SqlParams) => `${scopeSql(params, scope)} AND session_id = ${params.add(sessionId)}`;
  if (store.dialect !== 'duckdb') return view({ table: 'events', where });
  const table = `sl_session_${++counter}`;
  const params = new SqlParams();
  await store.reads.run(`CREATE TEMP TABLE ${table} AS SELECT * FROM events WHERE ${where(params)}`, params.values);
  try {
    return await view({ table, where: () => 'TRUE' });
  } finally {
    await store.reads.run(`DROP TABLE IF EXISTS ${table}`);
  }
}
