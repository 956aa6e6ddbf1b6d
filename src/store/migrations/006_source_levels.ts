import { SOURCE_LEVELS } from '../rollups/bucket-tables.js';
import { rebuildStatements } from '../rollups/refresh.js';
import { createTableSql } from '../rollups/table.js';
import type { Migration } from './migration.js';

/** The per-source and per-log-level roll-up (rollup_source_levels), backfilled from the events stored. */
export const sourceLevels: Migration = {
  version: 6,
  name: 'source_levels',
  statements: (dialect) => [
    createTableSql(SOURCE_LEVELS),
    ...(dialect === 'postgres' ? [`CREATE INDEX ${SOURCE_LEVELS.name}_team_bucket ON ${SOURCE_LEVELS.name} (team_id, grain, bucket)`] : []),
    ...rebuildStatements([SOURCE_LEVELS]),
    ...(dialect === 'postgres' ? [`ANALYZE ${SOURCE_LEVELS.name}`] : []),
  ],
};
