import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_COLUMNS, type ColumnType } from '../sql/columns.js';
import type { FileCheckpoint } from '../store.js';
import { upsertCheckpoints } from '../sql/checkpoints.js';
import { insertSelectSql, mergeAssignmentsSql, mergeChangesRowSql } from '../sql/merge.js';
import { sessionsOf, shadowDeleteSql } from '../sql/shadow.js';
import { inTransaction } from '../sql/transaction.js';
import type { DirectSession, DuckConnection } from './connection.js';
import { findStoredIds } from './write-batch.js';
import { insertKeysSql } from './event-keys.js';

const STAGE = 'sl_stage_lines';
const STORED = 'sl_stored_ids';

const DUCK_TYPES: Record<ColumnType, string> = { text: 'VARCHAR', bigint: 'BIGINT', double: 'DOUBLE', bool: 'BOOLEAN', json: 'JSON' };
const JSON_COLUMNS = EVENT_COLUMNS.map((c) => `"${c.field}": '${DUCK_TYPES[c.type]}'`).join(', ');
const RENAMES = EVENT_COLUMNS.map((c) => `"${c.field}" AS ${c.column}`).join(', ');

/**
 * The bulk path for JSON-encoded events (importer workers encode in parallel): DuckDB reads the
 * lines itself with its native JSON reader, which is several times faster than handing it values
 * one by one. Same semantics as writeBatch (`owe` included); ids must be unique within the call.
 */
export async function writeDuckDbLines(
  writer: DuckConnection,
  parts: ReadonlyArray<string | Uint8Array>,
  checkpoints: readonly FileCheckpoint[],
  ids?: readonly string[],
  owe: (sessionIds: string[]) => void = () => undefined,
): Promise<{ inserted: number; merged: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-batch-'));
  const file = join(dir, 'events.ndjson');
  try {
    writeParts(file, parts);
    return await writer.exclusive((db) =>
      inTransaction(db, async () => {
        // When the caller lists the ids and none is stored yet (the common case of a fresh import),
        // the lines go straight into events: no staging table.
        const counts = ids && (await findStoredIds(db, ids)).size === 0 ? await insertDirect(db, file) : await stageAndMerge(db, file);
        // Lines come from the transcript importer: they can only shadow copies that other sources
        // stored, and most stores have none, so look before re-reading the batch for request ids.
        if (await hasOtherSourceModelCalls(db)) {
          owe(sessionsOf(await db.all(shadowDeleteSql(`SELECT requestId AS request_id FROM ${readLines(file)} WHERE kind = 'llm_call' AND requestId IS NOT NULL`))));
        }
        await upsertCheckpoints(db, checkpoints);
        return counts;
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function hasOtherSourceModelCalls(db: DirectSession): Promise<boolean> {
  const rows = await db.all(`SELECT EXISTS (SELECT 1 FROM events WHERE kind = 'llm_call' AND source <> 'transcript' AND request_id IS NOT NULL) AS present`);
  return rows[0]?.present === true;
}

function readLines(file: string): string {
  return `read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', columns = {${JSON_COLUMNS}})`;
}

async function insertDirect(db: DirectSession, file: string): Promise<{ inserted: number; merged: number }> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT ${RENAMES} FROM ${readLines(file)}`);
  const rows = await db.all(`INSERT INTO events SELECT ${insertSelectSql('s')} FROM ${STAGE} AS s`);
  await db.run(insertKeysSql(`SELECT id, ts FROM ${STAGE}`));
  await db.run(`DROP TABLE ${STAGE}`);
  return { inserted: Number(rows[0]?.Count ?? rows[0]?.count ?? 0), merged: 0 };
}

async function stageAndMerge(db: DirectSession, file: string): Promise<{ inserted: number; merged: number }> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT ${RENAMES} FROM ${readLines(file)}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${STORED} AS SELECT s.id FROM ${STAGE} AS s SEMI JOIN events AS e ON e.id = s.id`);
  const [{ staged, stored }] = await db.all(`SELECT (SELECT count(*) FROM ${STAGE}) AS staged, (SELECT count(*) FROM ${STORED}) AS stored`);
  if (Number(stored) > 0) {
    await db.run(`UPDATE events AS e SET ${mergeAssignmentsSql('duckdb', 's', 'e')}
      FROM ${STAGE} AS s WHERE e.id = s.id AND s.id IN (SELECT id FROM ${STORED}) AND (${mergeChangesRowSql('duckdb', 's', 'e')})`);
  }
  const fresh = `SELECT s.* FROM ${STAGE} AS s ANTI JOIN ${STORED} AS k ON k.id = s.id`;
  await db.run(`INSERT INTO events SELECT ${insertSelectSql('s')} FROM (${fresh}) AS s`);
  await db.run(insertKeysSql(`SELECT id, ts FROM (${fresh}) AS f`));
  await db.run(`DROP TABLE ${STAGE}`);
  await db.run(`DROP TABLE ${STORED}`);
  return { inserted: Number(staged) - Number(stored), merged: Number(stored) };
}

function writeParts(file: string, parts: ReadonlyArray<string | Uint8Array>): void {
  const fd = openSync(file, 'w');
  try {
    for (const part of parts) {
      if (typeof part === 'string') writeSync(fd, part);
      else writeSync(fd, part);
      writeSync(fd, '\n');
    }
  } finally {
    closeSync(fd);
  }
}
