import { rebuildStatements } from '../rollups/refresh.js';
import { LOG_LINES } from '../rollups/session-tables.js';
import { createTableSql } from '../rollups/table.js';
import type { Migration } from './migration.js';

/** The log-line roll-up (rollup_log_lines) the logs view and its text search read, backfilled from the events stored. */
export const logLines: Migration = {
  version: 8,
  name: 'log_lines',
  statements: (dialect) => [
    createTableSql(LOG_LINES),
    ...(dialect === 'postgres'
      ? [`CREATE INDEX ${LOG_LINES.name}_session ON ${LOG_LINES.name} (session_id)`, `CREATE INDEX ${LOG_LINES.name}_team_ts ON ${LOG_LINES.name} (team_id, ts)`]
      : []),
    ...rebuildStatements([LOG_LINES]),
    ...(dialect === 'postgres' ? [`ANALYZE ${LOG_LINES.name}`] : []),
  ],
};
