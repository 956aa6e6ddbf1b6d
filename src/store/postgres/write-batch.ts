import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pgCopy from 'pg-copy-streams';
import type pg from 'pg';
import type { CanonicalEvent } from '../../core/event.js';
import { mergeBatch } from '../../core/merge.js';
import type { FileCheckpoint } from '../store.js';
import { upsertCheckpoints } from '../sql/checkpoints.js';
import { EVENT_COLUMN_LIST } from '../sql/columns.js';
import { mergeAssignmentsSql, mergeChangesRowSql } from '../sql/merge.js';
import type { SqlSession } from '../sql/session.js';
import { dropShadowedCalls, modelCallRequestIds } from '../sql/shadow.js';
import { inTransaction } from '../sql/transaction.js';
import { copyChunks } from './copy-text.js';
import { withClient } from './pg-session.js';

const STAGE_TABLE = 'sl_stage';

// A temp table per connection, emptied at each commit: unlogged, invisible to other sessions, and
// created once per pooled connection rather than once per batch.
const CREATE_STAGE_SQL = `CREATE TEMP TABLE IF NOT EXISTS ${STAGE_TABLE} (LIKE events) ON COMMIT DELETE ROWS`;

// One statement inserts new ids and merges known ones. Unlike "update, then insert the rest", it
// stays correct when two server instances write the same id at once; taking rows in id order makes
// such writers lock rows in the same order, so they wait for each other instead of deadlocking.
// (xmax = 0) marks the rows that were inserted rather than updated.
const UPSERT_SQL = `WITH written AS (
    INSERT INTO events AS e (${EVENT_COLUMN_LIST})
    SELECT ${EVENT_COLUMN_LIST} FROM ${STAGE_TABLE} ORDER BY id
    ON CONFLICT (id) DO UPDATE SET
      ${mergeAssignmentsSql('postgres', 'excluded', 'e')}
    WHERE ${mergeChangesRowSql('postgres', 'excluded', 'e')}
    RETURNING (xmax = 0) AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted) AS inserted FROM written`;

// New rows went in as staged; derive their duration as mergeEvents would. (Merged rows got theirs
// in the upsert, where the raw staged value must take part in the merge.)
const DERIVE_DURATION_SQL = `UPDATE events AS e SET duration_ms = e.end_ts - e.ts
  FROM ${STAGE_TABLE} AS s
  WHERE e.id = s.id AND s.end_ts IS NOT NULL AND e.duration_ms IS NULL AND e.end_ts >= e.ts`;

async function copyIntoStage(client: pg.PoolClient, events: readonly CanonicalEvent[]): Promise<void> {
  const copy = client.query(pgCopy.from(`COPY ${STAGE_TABLE} (${EVENT_COLUMN_LIST}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(events)), copy);
}

async function mergeStage(tx: SqlSession): Promise<number> {
  const [{ inserted }] = await tx.all(UPSERT_SQL);
  await tx.run(DERIVE_DURATION_SQL);
  return Number(inserted);
}

/**
 * writeBatch for PostgreSQL: COPY into a temp stage table, then upsert and checkpoints in one transaction.
 * `owe` hears, after the commit, the sessions of shadowed copies dropped (see shadow.ts).
 */
export async function writePostgresBatch(
  pool: pg.Pool,
  events: CanonicalEvent[],
  checkpoints: readonly FileCheckpoint[],
  owe: (sessionIds: string[]) => void = () => undefined,
): Promise<{ inserted: number; merged: number }> {
  const batch = mergeBatch(events);
  let shadowed: string[] = [];
  const inserted = await withClient(pool, (db) =>
    inTransaction(db, async (tx) => {
      let count = 0;
      if (batch.length) {
        await tx.run(CREATE_STAGE_SQL);
        await copyIntoStage(db.client as pg.PoolClient, batch);
        count = await mergeStage(tx);
        const requestIds = modelCallRequestIds(batch);
        shadowed = await dropShadowedCalls(tx, 'postgres', requestIds, requestIds);
      }
      await upsertCheckpoints(tx, checkpoints);
      return count;
    }),
  );
  owe(shadowed);
  return { inserted, merged: events.length - inserted };
}
