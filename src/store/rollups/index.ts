import { BUCKET_TABLES } from './bucket-tables.js';
import { SESSION_TABLES } from './session-tables.js';
import type { RollupTable } from './table.js';

/** Write-time roll-ups: see refresh.ts (how they stay exact) and docs/architecture.md. */
export const ROLLUP_TABLES: readonly RollupTable[] = [...SESSION_TABLES, ...BUCKET_TABLES];

export { oweRollups, payOwedRollups, refreshRollups, rebuildStatements } from './refresh.js';
