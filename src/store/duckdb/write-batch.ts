import { duckdb } from './driver.js';
import type { CanonicalEvent } from '../../core/event.js';
import { mergeBatch } from '../../core/merge.js';
import type { FileCheckpoint } from '../store.js';
import { upsertCheckpoints } from '../sql/checkpoints.js';
import { mergeAssignmentsSql, mergeChangesRowSql } from '../sql/merge.js';
import { dropShadowedCalls, modelCallRequestIds } from '../sql/shadow.js';
import { inTransaction } from '../sql/transaction.js';
import { appendEvents, appendTexts } from './appender.js';
import { idKeySql, recordKeys } from './event-keys.js';
import type { DirectSession, DuckConnection } from './connection.js';

const IDS_TABLE = 'sl_batch_ids';
const STAGE_TABLE = 'sl_stage';

// Stored rows whose staged copy changes them, merged by core/merge.ts's rule.
const MERGE_SQL = `UPDATE events AS e SET
    ${mergeAssignmentsSql('duckdb', 's', 'e')}
  FROM ${STAGE_TABLE} AS s
  WHERE e.id = s.id AND (${mergeChangesRowSql('duckdb', 's', 'e')})`;

/**
 * Which of these ids are stored already. A semi-join over event_keys finds the ids that may be; only
 * when there are some is the id column of events read to confirm them (keys can outlive events).
 */
export async function findStoredIds(db: DirectSession, ids: readonly string[]): Promise<Set<string>> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${IDS_TABLE} (id TEXT)`);
  await appendTexts(db.connection, { table: IDS_TABLE, temp: true }, ids);
  const [{ n }] = await db.all(`SELECT count(*) AS n FROM ${IDS_TABLE} AS b SEMI JOIN event_keys AS k ON k.k = ${idKeySql('b.id')}`);
  const rows = Number(n) === 0 ? [] : await db.all(`SELECT b.id FROM ${IDS_TABLE} AS b SEMI JOIN events AS e ON e.id = b.id`);
  await db.run(`DROP TABLE ${IDS_TABLE}`);
  return new Set(rows.map((r) => r.id as string));
}

/** A new row's duration, derived from end_ts - ts when unknown, as mergeEvents does. */
function withDuration(event: CanonicalEvent): CanonicalEvent {
  if (event.durationMs != null || event.endTs == null || event.endTs < event.ts) return event;
  return { ...event, durationMs: event.endTs - event.ts };
}

/** Copies of stored events go through a staging table and one merging UPDATE. */
async function mergeIntoStored(db: DirectSession, copies: readonly CanonicalEvent[]): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} AS SELECT * FROM events LIMIT 0`);
  await appendEvents(db.connection, { table: STAGE_TABLE, temp: true }, copies);
  await db.run(MERGE_SQL);
  await db.run(`DROP TABLE ${STAGE_TABLE}`);
}

/**
 * writeBatch for DuckDB, all in one transaction: merge duplicates in JS, find which ids are
 * stored, append the new events straight into events, merge the rest, upsert the checkpoints.
 * `owe` hears the sessions of shadowed copies dropped (see shadow.ts), whose roll-ups are now stale.
 */
export async function writeDuckDbBatch(
  writer: DuckConnection,
  events: CanonicalEvent[],
  checkpoints: readonly FileCheckpoint[],
  owe: (sessionIds: string[]) => void = () => undefined,
): Promise<{ inserted: number; merged: number }> {
  const batch = mergeBatch(events);
  return writer.exclusive(async (db) => {
    const inserted = await inTransaction(db, async () => {
      const stored = batch.length ? await findStoredIds(db, batch.map((e) => e.id)) : new Set<string>();
      const fresh = stored.size ? batch.filter((e) => !stored.has(e.id)) : batch;
      if (fresh.length) await appendEvents(db.connection, { table: 'events' }, fresh.map(withDuration));
      await recordKeys(db, fresh);
      if (stored.size) await mergeIntoStored(db, batch.filter((e) => stored.has(e.id)));
      const requestIds = modelCallRequestIds(batch);
      const shadowed = await dropShadowedCalls(db, 'duckdb', requestIds, duckdb.listValue(requestIds));
      await upsertCheckpoints(db, checkpoints);
      owe(shadowed);
      return fresh.length;
    });
    return { inserted, merged: events.length - inserted };
  });
}
