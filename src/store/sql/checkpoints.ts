import type { FileCheckpoint } from '../store.js';
import { SqlParams } from './params.js';
import { rowToCheckpoint } from './rows.js';
import type { SqlSession } from './session.js';

const COLUMNS = 'path, byte_offset, size_bytes, mtime_ms, ino, malformed_lines, updated_at';
const ROWS_PER_STATEMENT = 500;

/** Upserts checkpoints by path; the caller runs it inside the batch's transaction. */
export async function upsertCheckpoints(db: SqlSession, checkpoints: readonly FileCheckpoint[]): Promise<void> {
  for (let start = 0; start < checkpoints.length; start += ROWS_PER_STATEMENT) {
    const params = new SqlParams();
    const tuples = checkpoints.slice(start, start + ROWS_PER_STATEMENT).map((c) =>
      `(${params.list([c.path, c.offset, c.size, c.mtimeMs, c.ino, c.malformedLines, c.updatedAt])})`,
    );
    await db.run(
      `INSERT INTO file_checkpoints (${COLUMNS}) VALUES ${tuples.join(', ')}
       ON CONFLICT (path) DO UPDATE SET byte_offset = excluded.byte_offset, size_bytes = excluded.size_bytes,
         mtime_ms = excluded.mtime_ms, ino = excluded.ino, malformed_lines = excluded.malformed_lines,
         updated_at = excluded.updated_at`,
      params.values,
    );
  }
}

export async function readCheckpoints(db: SqlSession): Promise<Map<string, FileCheckpoint>> {
  const rows = await db.all(`SELECT ${COLUMNS} FROM file_checkpoints`);
  return new Map(rows.map((row) => [String(row.path), rowToCheckpoint(row)]));
}
