import type { CanonicalEvent } from '../../core/event.js';
import { mergeBatch } from '../../core/merge.js';
import type { FileCheckpoint } from '../store.js';
import { upsertCheckpoints } from '../sql/checkpoints.js';
import { EVENT_COLUMN_LIST } from '../sql/columns.js';
import { insertSelectSql, mergeAssignmentsSql, mergeChangesRowSql } from '../sql/merge.js';
import { inTransaction } from '../sql/transaction.js';
import type { DuckConnection } from './connection.js';
import { appendToStage, CREATE_STAGE_SQL, STAGE_TABLE } from './stage.js';

// Stored rows whose staged copy changes them, merged by core/merge.ts's rule.
const MERGE_SQL = `UPDATE events AS e SET
    ${mergeAssignmentsSql('duckdb', 's', 'e')}
  FROM ${STAGE_TABLE} AS s
  WHERE e.id = s.id AND (${mergeChangesRowSql('duckdb', 's', 'e')})`;

// Staged rows whose id is new. No index on events.id: this anti-join is a hash join over the id column.
const INSERT_NEW_SQL = `INSERT INTO events (${EVENT_COLUMN_LIST})
  SELECT ${insertSelectSql('s')} FROM ${STAGE_TABLE} AS s
  WHERE NOT EXISTS (SELECT 1 FROM events AS e WHERE e.id = s.id)`;

/**
 * writeBatch for DuckDB: merge duplicates in JS, append into the stage table, then merge, insert
 * and record checkpoints in one transaction.
 */
export async function writeDuckDbBatch(
  writer: DuckConnection,
  events: CanonicalEvent[],
  checkpoints: readonly FileCheckpoint[],
): Promise<{ inserted: number; merged: number }> {
  const batch = mergeBatch(events);
  return writer.exclusive(async (db) => {
    let inserted = 0;
    if (batch.length) {
      await db.run(CREATE_STAGE_SQL);
      await db.run(`DELETE FROM ${STAGE_TABLE}`);
      await appendToStage(db.connection, batch);
    }
    await inTransaction(db, async (tx) => {
      if (batch.length) {
        await tx.run(MERGE_SQL);
        inserted = await tx.run(INSERT_NEW_SQL);
      }
      await upsertCheckpoints(tx, checkpoints);
    });
    return { inserted, merged: events.length - inserted };
  });
}
