import type { Scope } from '../../core/scope.js';
import { planRange, type Grain } from '../../store/rollups/grains.js';
import { columnNames, hasColumn, isTiered, type RollupTable } from '../../store/rollups/table.js';
import type { SqlParams } from '../../store/sql/params.js';
import { coversEdges, type EdgeEvents } from './edge-events.js';
import { eventConditions, eventWhere, type ViewFilters } from './filters.js';

/**
 * Roll-up rows for a view: the rows of one roll-up table (store/rollups/) over the range, as a
 * derived table a view aggregates like it would aggregate events. Whole buckets come from the table
 * (the coarsest grains that fit), the edges of the range from the source through the table's own
 * SELECT, so the answer is exact for any range. When a filter has no column in the table (text
 * search, kind, level, or project on a table without projects), everything comes from the source.
 */

const FILTER_COLUMNS = { project: 'project', user: 'user_id', agent: 'agent', model: 'model', session: 'session_id' } as const;

/** True when the table's rows can answer these filters. */
export function answerable(table: RollupTable, filters: Partial<ViewFilters>): boolean {
  if (filters.q || filters.kind?.length || filters.level?.length) return false;
  return Object.entries(FILTER_COLUMNS).every(([key, column]) => filters[key as keyof typeof FILTER_COLUMNS] === undefined || hasColumn(table, column));
}

/** The table's SELECT over source rows (`from`, default its source) matching `where`, with the table's column names. */
function fromSource(table: RollupTable, where: string, from?: string): string {
  return `SELECT * FROM (${table.select(where, from)}) AS src(${columnNames(table).join(', ')})`;
}

/**
 * `(…)`: the table's columns for the rows of [filters.from, filters.to) that pass the scope and filters.
 * `grains` limits the tiers read (a chart by hour must not read days); default all the table has.
 * `edges`: the view's copy of the events around its boundaries (DuckDB), read instead of events.
 */
export function rollupRows(params: SqlParams, table: RollupTable, scope: Scope, filters: ViewFilters, grains: readonly Grain[] = table.grains, edges?: EdgeEvents): string {
  if (!answerable(table, filters)) return `(${fromSource(table, eventWhere(params, scope, filters))})`;
  const plan = planRange(filters.from, filters.to, grains, table.offset);
  const where = eventConditions(params, scope, filters, { time: false }).join(' AND ');
  const parts: string[] = [];
  if (plan.tiers.length) {
    // one scan of the table: the whole span as a plain range (DuckDB filters it in the scan, with zone
    // maps), the tiers within it as an OR, which DuckDB evaluates row by row
    const spans = plan.tiers.map((t) => `(${isTiered(table) ? `grain = '${t.grain.name}' AND ` : ''}bucket >= ${params.add(t.from)} AND bucket < ${params.add(t.to)})`);
    const span = `bucket >= ${params.add(plan.tiers[0].from)} AND bucket < ${params.add(plan.tiers[plan.tiers.length - 1].to)}`;
    parts.push(`SELECT ${columnNames(table).join(', ')} FROM ${table.name} WHERE ${where} AND ${span} AND (${spans.join(' OR ')})`);
  }
  // one plain range per edge: an OR of ranges would make DuckDB test every event row by row
  const copy = table.source === 'events' && coversEdges(edges, plan.edges) ? edges.table : undefined;
  for (const [from, to] of plan.edges) parts.push(fromSource(table, `${where} AND ts >= ${params.add(from)} AND ts < ${params.add(to)}`, copy));
  if (parts.length === 0) parts.push(`SELECT ${columnNames(table).join(', ')} FROM ${table.name} WHERE FALSE`);
  return `(${parts.map((p) => `(${p})`).join(' UNION ALL ')})`;
}
