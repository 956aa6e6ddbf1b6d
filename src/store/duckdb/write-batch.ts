import type { CanonicalEvent } from '../../core/event.js';
import { mergeBatch } from '../../core/merge.js';
import type { FileCheckpoint } from '../store.js';
import { upsertCheckpoints } from '../sql/checkpoints.js';
import { EVENT_COLUMN_LIST } from '../sql/columns.js';
import { insertSelectSql, mergeAssignmentsSql, mergeChangesRowSql } from '../sql/merge.js';
import type { SqlSession } from '../sql/session.js';
import { inTransaction } from '../sql/transaction.js';
import type { DuckConnection } from './connection.js';
import { appendToStage, RESET_STAGE_SQL, STAGE_TABLE } from './stage.js';

const KNOWN_TABLE = 'sl_known';

// events has no index on id (see 001_init), so each statement that joins it scans the id column.
// The known ids are found with one scan; the insert then anti-joins the small known set instead,
// and a batch of only new ids (the usual import) never runs the update at all.
const FIND_KNOWN_SQL = `CREATE OR REPLACE TEMP TABLE ${KNOWN_TABLE} AS
  SELECT s.id FROM ${STAGE_TABLE} AS s SEMI JOIN events AS e ON e.id = s.id`;

// Stored rows whose staged copy changes them, merged by core/merge.ts's rule.
const MERGE_SQL = `UPDATE events AS e SET
    ${mergeAssignmentsSql('duckdb', 's', 'e')}
  FROM ${STAGE_TABLE} AS s
  WHERE e.id = s.id AND (${mergeChangesRowSql('duckdb', 's', 'e')})`;

const INSERT_NEW_SQL = `INSERT INTO events (${EVENT_COLUMN_LIST})
  SELECT ${insertSelectSql('s')} FROM ${STAGE_TABLE} AS s
  WHERE s.id NOT IN (SELECT id FROM ${KNOWN_TABLE})`;

async function mergeStage(tx: SqlSession): Promise<number> {
  await tx.run(FIND_KNOWN_SQL);
  const [{ known }] = await tx.all(`SELECT count(*) AS known FROM ${KNOWN_TABLE}`);
  if (Number(known) > 0) await tx.run(MERGE_SQL);
  return tx.run(INSERT_NEW_SQL);
}

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
    if (batch.length) {
      await db.run(RESET_STAGE_SQL);
      await appendToStage(db.connection, batch);
    }
    const inserted = await inTransaction(db, async (tx) => {
      const count = batch.length ? await mergeStage(tx) : 0;
      await upsertCheckpoints(tx, checkpoints);
      return count;
    });
    return { inserted, merged: events.length - inserted };
  });
}
