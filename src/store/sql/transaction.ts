import type { SqlSession } from './session.js';

/** Runs `job` inside BEGIN … COMMIT on one connection, rolling back if anything in it throws. */
export async function inTransaction<T>(db: SqlSession, job: (db: SqlSession) => Promise<T>): Promise<T> {
  await db.run('BEGIN');
  try {
    const result = await job(db);
    await db.run('COMMIT');
    return result;
  } catch (error) {
    await db.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
