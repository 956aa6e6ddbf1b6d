import { planRange } from '../../store/rollups/grains.js';
import type { RollupTable } from '../../store/rollups/table.js';
import { SqlParams } from '../../store/sql/params.js';
import type { Store } from '../../store/store.js';
import type { TimeRange } from './time-range.js';

/**
 * The events at the edges of a view's ranges, read once per view on DuckDB.
 *
 * Roll-up reads take the parts of a range no whole bucket covers from events. DuckDB keeps no index
 * on events, so each such read scans every row's ts; a view with several queries copies the edge
 * events into a temp table of the read connection once, and its queries read them there. Ranges on
 * bucket boundaries (the API's default ranges) have no edges and read no events at all. PostgreSQL
 * finds edges through its (team_id, ts) index and reads events directly.
 */
export interface EdgeEvents {
  /** the temp table, with the columns of events */
  table: string;
  /** the [from, to) ranges of event time it holds */
  windows: Array<[number, number]>;
}

let counter = 0;

/** True when every edge lies inside a window the temp table holds. */
export function coversEdges(edges: EdgeEvents | undefined, ranges: ReadonlyArray<readonly [number, number]>): edges is EdgeEvents {
  return edges !== undefined && ranges.every(([from, to]) => edges.windows.some(([a, b]) => a <= from && to <= b));
}

/** The edges of `ranges` for these roll-ups, merged where they touch. */
export function edgesOf(ranges: readonly TimeRange[], tables: readonly RollupTable[]): Array<[number, number]> {
  const edges = ranges.flatMap((r) => tables.filter((t) => t.source === 'events').flatMap((t) => planRange(r.from, r.to, t.grains, t.offset).edges));
  edges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of edges) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/**
 * Every roll-up read starts here: owed roll-ups are paid first (so the view sees every write), then
 * `view` runs with the edge events of `ranges` × `tables` in a temp table (DuckDB, when there are edges).
 */
export async function withEdgeEvents<T>(store: Store, ranges: readonly TimeRange[], tables: readonly RollupTable[], view: (edges?: EdgeEvents) => Promise<T>): Promise<T> {
  await store.payOwedRollups();
  const windows = edgesOf(ranges, tables);
  if (store.dialect !== 'duckdb' || windows.length === 0) return view(undefined);
  const params = new SqlParams();
  // one plain range per SELECT: DuckDB filters it in the scan, an OR of ranges it evaluates row by row
  const selects = windows.map(([from, to]) => `SELECT * FROM events WHERE ts >= ${params.add(from)} AND ts < ${params.add(to)}`);
  const table = `sl_edges_${++counter}`;
  await store.reads.run(`CREATE TEMP TABLE ${table} AS ${selects.join(' UNION ALL ')}`, params.values);
  try {
    return await view({ table, windows });
  } finally {
    await store.reads.run(`DROP TABLE IF EXISTS ${table}`);
  }
}
