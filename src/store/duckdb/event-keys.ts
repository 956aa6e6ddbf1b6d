import type { DuckDBConnection } from '@duckdb/node-api';
import { readMeta, writeMeta } from '../sql/meta.js';
import type { SqlSession } from '../sql/session.js';

/**
 * DuckDB keeps no index on events (see 001_init), so finding one id means reading every row's id
 * string. `event_keys` (migration 007, DuckDB only) holds a 64-bit key of every stored id with the
 * event's time: scanning 8-byte keys is an order of magnitude cheaper than scanning id strings, and
 * the time lets the read of the row itself skip row groups by their ts zone maps.
 *
 * Every insert into events inserts its keys in the same transaction, so a missing key means a
 * missing event. The reverse does not hold: a key may outlive its event (a shadowed copy, deleted
 * demo data) or carry an older time (a merge moved the event): readers confirm against events.
 */

/** The key of an id: the top 64 bits of its MD5, which unlike hash() is the same in every DuckDB version. */
export const idKeySql = (idExpr: string): string => `CAST(md5_number(${idExpr}) >> 64 AS UBIGINT)`;

/** Insert the keys of the rows `select` yields (columns id, ts). */
export const insertKeysSql = (select: string): string => `INSERT INTO event_keys SELECT ${idKeySql('id')}, ts FROM (${select}) AS new_keys`;

const STAGE = 'sl_new_keys';

/** Record the keys of events appended from JS (the appender path). */
export async function recordKeys(db: SqlSession & { connection: DuckDBConnection }, events: ReadonlyArray<{ id: string; ts: number }>): Promise<void> {
  if (events.length === 0) return;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} (id VARCHAR, ts BIGINT)`);
  const appender = await db.connection.createAppender(STAGE, 'main', 'temp');
  try {
    for (const event of events) {
      appender.appendVarchar(event.id);
      appender.appendBigInt(BigInt(event.ts));
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  await db.run(insertKeysSql(`SELECT id, ts FROM ${STAGE}`));
  await db.run(`DROP TABLE ${STAGE}`);
}

/** The times the key table holds for this id: empty means no such event. */
export async function keyedTimes(db: SqlSession, id: string): Promise<number[]> {
  const rows = await db.all(`SELECT DISTINCT ts FROM event_keys WHERE k = ${idKeySql('$1')}`, [id]);
  return rows.map((r) => Number(r.ts));
}

const PROBE_META = 'event_keys.probe';

/**
 * Keys written by one key function must be read with the same one. The key of a fixed text is kept in
 * meta; when it differs at open (a DuckDB that computes MD5 numbers differently), every key is
 * computed again.
 */
export async function checkEventKeys(db: SqlSession): Promise<void> {
  const [{ k }] = await db.all(`SELECT CAST(${idKeySql("'sightline'")} AS VARCHAR) AS k`);
  const stored = await readMeta(db, PROBE_META);
  if (stored === String(k)) return;
  if (stored !== null) {
    await db.run('DELETE FROM event_keys');
    await db.run(insertKeysSql('SELECT id, ts FROM events'));
  }
  await writeMeta(db, PROBE_META, String(k));
}
