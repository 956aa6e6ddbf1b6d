import type { Dialect } from '../sql/dialect.js';
import type { SqlSession } from '../sql/session.js';
import { BUCKET_TABLES } from './bucket-tables.js';
import { createTempTable, dirtyRows } from './dirty.js';
import { DAY, HOUR, MINUTE, QUARTER } from './grains.js';
import { ACTIVITY, SESSION_TABLES } from './session-tables.js';
import { isTiered, type RollupTable } from './table.js';
import { deleteDirtySql, insertCoarserSql, insertFromSourceSql } from './tiers.js';

/**
 * Keeps the roll-up tables (session-tables.ts, bucket-tables.ts) equal to what their SELECTs compute
 * from events. Called with the session roll-ups, in the same transaction, for the sessions a write
 * touched; a merge or a shadowed copy can only change rows of the sessions it belongs to.
 *
 * 1. Session tables: the touched sessions' rows are deleted and computed again from their events
 *    (quarters), then from their quarters (hours, days).
 * 2. The quarter hours those sessions had rows in before or have now (rollup_activity has a row for
 *    every event) are dirty; bucket tables recompute their rows in those buckets from the source,
 *    then the hours and days of the days holding them from the quarters.
 */

const IDS_PER_STATEMENT = 1000;
const TOUCHED = 'sl_touched';
const DIRTY = 'sl_dirty';
const DIRTY_OLD = 'sl_dirty_old';
const DIRTY_DAYS = 'sl_dirty_days';
const DIRTY_TIERS = 'sl_dirty_tiers';
const DIRTY_MINUTES = 'sl_dirty_minutes';
const inTouched = `session_id IN (SELECT session_id FROM ${TOUCHED})`;

const PENDING = 'rollup_pending';

/**
 * Record that these sessions' roll-ups are owed (in the write's refresh transaction: a crash keeps the
 * debt), or, with no ids, recompute every roll-up now and forget all debts.
 */
export async function oweRollups(db: SqlSession, dialect: Dialect, sessionIds?: readonly string[]): Promise<void> {
  if (!sessionIds) {
    await refreshRollups(db, dialect);
    await db.run(`DELETE FROM ${PENDING}`);
    return;
  }
  const unique = [...new Set(sessionIds)];
  for (let start = 0; start < unique.length; start += IDS_PER_STATEMENT) {
    const chunk = unique.slice(start, start + IDS_PER_STATEMENT);
    await db.run(`INSERT INTO ${PENDING} (session_id) VALUES ${chunk.map((_, i) => `($${i + 1})`).join(', ')}`, chunk);
  }
}

/**
 * Pay the owed roll-ups: recompute those sessions' rows. Reads call this first, so they see every
 * committed write, while writes (a hook, an event API batch) only note the debt — a refresh costs tens
 * of statements, and live writes come far more often than dashboard reads.
 */
export async function payOwedRollups(db: SqlSession, dialect: Dialect): Promise<void> {
  const rows = await db.all(`DELETE FROM ${PENDING} RETURNING session_id`);
  if (rows.length) await refreshRollups(db, dialect, rows.map((r) => String(r.session_id)));
}

/** Recompute the roll-ups of these sessions (every roll-up row from all events when omitted). */
export async function refreshRollups(db: SqlSession, dialect: Dialect, sessionIds?: readonly string[]): Promise<void> {
  if (sessionIds?.length === 0) return;
  // Two refreshes of one bucket at once would both insert its rows: writers of one schema take turns
  // (DuckDB has a single writer connection anyway).
  if (dialect === 'postgres') await db.all(`SELECT pg_advisory_xact_lock(7464, hashtext(current_schema()))`);
  if (!sessionIds) {
    for (const statement of rebuildStatements()) await db.run(statement);
    return;
  }
  await createTouched(db, dialect, sessionIds);
  const quarters = `grain = '${QUARTER.name}' AND ${inTouched}`;
  await createTempTable(db, dialect, DIRTY_OLD, `SELECT DISTINCT team_id AS d_team, bucket AS d_bucket FROM ${ACTIVITY.name} WHERE ${quarters}`);
  for (const table of SESSION_TABLES) {
    await db.run(`DELETE FROM ${table.name} WHERE ${inTouched}`);
    await db.run(insertFromSourceSql(table, inTouched));
  }
  await createTempTable(db, dialect, DIRTY, `SELECT d_team, d_bucket FROM ${DIRTY_OLD} UNION SELECT team_id, bucket FROM ${ACTIVITY.name} WHERE ${quarters}`);
  const [{ n }] = await db.all(`SELECT count(*) AS n FROM ${DIRTY}`);
  if (Number(n) === 0) return;
  await createDirtyTiers(db, dialect);
  for (const table of BUCKET_TABLES) await refreshDirtyBuckets(db, dialect, table);
}

async function createTouched(db: SqlSession, dialect: Dialect, sessionIds: readonly string[]): Promise<void> {
  await createTempTable(db, dialect, TOUCHED, `SELECT CAST(NULL AS TEXT) AS session_id WHERE FALSE`);
  const unique = [...new Set(sessionIds)];
  for (let start = 0; start < unique.length; start += IDS_PER_STATEMENT) {
    const chunk = unique.slice(start, start + IDS_PER_STATEMENT);
    await db.run(`INSERT INTO ${TOUCHED} VALUES ${chunk.map((_, i) => `($${i + 1})`).join(', ')}`, chunk);
  }
  if (dialect === 'postgres') await db.run(`ANALYZE ${TOUCHED}`);
}

/**
 * Coarser rows are recomputed for whole dirty days (hours and the day) from the day's quarters; the
 * dirty minutes are those overlapping a dirty quarter: keys q − 60 s … q + 14 min.
 */
async function createDirtyTiers(db: SqlSession, dialect: Dialect): Promise<void> {
  const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `(${i + from})`).join(', ');
  await createTempTable(db, dialect, DIRTY_DAYS, `SELECT DISTINCT d_team, d_bucket - d_bucket % ${DAY.ms} AS d_bucket FROM ${DIRTY}`);
  await createTempTable(db, dialect, DIRTY_TIERS, `SELECT '${QUARTER.name}' AS d_grain, d_team, d_bucket FROM ${DIRTY}
    UNION ALL SELECT '${HOUR.name}', d_team, d_bucket + k * ${HOUR.ms} FROM ${DIRTY_DAYS}, (VALUES ${range(DAY.ms / HOUR.ms)}) AS hours(k)
    UNION ALL SELECT '${DAY.name}', d_team, d_bucket FROM ${DIRTY_DAYS}`);
  await createTempTable(db, dialect, DIRTY_MINUTES,
    `SELECT DISTINCT d_team, d_bucket + k * ${MINUTE.ms} AS d_bucket FROM ${DIRTY}, (VALUES ${range(QUARTER.ms / MINUTE.ms + 1, -1)}) AS steps(k)`);
}

/** Recompute one bucket table's rows in the dirty quarters (or minutes), then its hours and days. */
async function refreshDirtyBuckets(db: SqlSession, dialect: Dialect, table: RollupTable): Promise<void> {
  const first = table.grains[0];
  const dirty = first === MINUTE ? DIRTY_MINUTES : DIRTY;
  await db.run(deleteDirtySql(table, isTiered(table) ? DIRTY_TIERS : dirty));
  const source = dirtyRows(dialect, dirty, table.source, 'ts', first, table.offset);
  await db.run(insertFromSourceSql(table, source.where, source.from, { tiers: false }));
  if (!isTiered(table)) return;
  const days = dirtyRows(dialect, DIRTY_DAYS, table.name, 'bucket', DAY, 0);
  await db.run(insertCoarserSql(table, days.where, days.from));
}

/**
 * Every roll-up row from all events: the migration's backfill and the catch-up after an interrupted
 * import. Plain statements, no parameters.
 */
export function rebuildStatements(tables: readonly RollupTable[] = [...SESSION_TABLES, ...BUCKET_TABLES]): string[] {
  const statements: string[] = [];
  for (const table of tables) {
    statements.push(`DELETE FROM ${table.name}`);
    statements.push(insertFromSourceSql(table, 'TRUE', undefined, { sorted: false }));
  }
  return statements;
}
