import type { SqlSession } from './session.js';

export async function readMeta(db: SqlSession, key: string): Promise<string | null> {
  const rows = await db.all('SELECT value FROM meta WHERE key = $1', [key]);
  return rows.length ? String(rows[0].value) : null;
}

/** Set (or, with null, remove) one meta value. */
export async function writeMeta(db: SqlSession, key: string, value: string | null): Promise<void> {
  await db.run('DELETE FROM meta WHERE key = $1', [key]);
  if (value !== null) await db.run('INSERT INTO meta (key, value, updated_at) VALUES ($1, $2, $3)', [key, value, Date.now()]);
}
