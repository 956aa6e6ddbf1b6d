import { BUCKET_TABLES, SOURCE_LEVELS } from '../rollups/bucket-tables.js';
import { ROLLUP_TABLES as ALL_ROLLUP_TABLES, rebuildStatements } from '../rollups/index.js';
import { CALL_LATENCY, LOG_LINES, SESSION_TABLES } from '../rollups/session-tables.js';
import { createTableSql, isTiered } from '../rollups/table.js';
import type { Dialect } from '../sql/dialect.js';
import { SLOW_TOOL_INDEX_MS } from '../sql/expressions.js';
import type { Migration } from './migration.js';

/**
 * PostgreSQL indexes: session tables are rewritten by session and read by (team, grain, time); bucket tables
 * are rewritten and read by (team, grain, bucket). A partial index on events serves the slowest tool
 * calls, which stay on events.
 */
function postgresIndexes(): string[] {
  const indexes: string[] = [];
  for (const table of SESSION_TABLES.filter((t) => t !== LOG_LINES)) {
    indexes.push(`CREATE INDEX ${table.name}_session ON ${table.name} (session_id)`);
    indexes.push(`CREATE INDEX ${table.name}_team_time ON ${table.name} (team_id, ${table === CALL_LATENCY ? 'ts' : 'grain, bucket'})`);
  }
  for (const table of BUCKET_TABLES.filter((t) => t !== SOURCE_LEVELS)) {
    indexes.push(`CREATE INDEX ${table.name}_team_bucket ON ${table.name} (team_id, ${isTiered(table) ? 'grain, ' : ''}bucket)`);
  }
  // slow calls only: an index every tool call maintains would cost the event API a good part of its rate
  indexes.push(`CREATE INDEX events_slow_tools ON events (team_id, duration_ms) WHERE kind = 'tool_call' AND duration_ms >= ${SLOW_TOOL_INDEX_MS}`);
  return indexes;
}

/** The tables this migration made: later migrations add their own. */
const ROLLUP_TABLES = ALL_ROLLUP_TABLES.filter((table) => table !== SOURCE_LEVELS && table !== LOG_LINES);

/** Write-time roll-ups the dashboard reads instead of scanning events (store/rollups/), backfilled from the events stored. */
export const rollups: Migration = {
  version: 4,
  name: 'rollups',
  statements: (dialect: Dialect) => [
    ...ROLLUP_TABLES.map(createTableSql),
    // sessions whose roll-ups a write left owed (store/rollups/refresh.ts)
    'CREATE TABLE rollup_pending (session_id TEXT NOT NULL)',
    ...(dialect === 'postgres' ? postgresIndexes() : []),
    // every write derives duration_ms from end_ts when the source gives none; make sure older rows
    // agree, so the slowest-calls read can filter the plain column
    'UPDATE events SET duration_ms = end_ts - ts WHERE duration_ms IS NULL AND end_ts >= ts',
    ...rebuildStatements(ROLLUP_TABLES),
    // fresh statistics for the planner: without them it may scan where an index finds a few rows
    ...(dialect === 'postgres' ? ROLLUP_TABLES.map((t) => `ANALYZE ${t.name}`) : []),
  ],
};
