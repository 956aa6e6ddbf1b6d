import type pg from 'pg';
import type { Row, SqlSession } from '../sql/session.js';

/** A pg Pool or a checked-out client as a SqlSession. */
export class PgSession implements SqlSession {
  constructor(readonly client: pg.Pool | pg.PoolClient) {}

  async all(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const result = await this.client.query(sql, params as unknown[] | undefined);
    return result.rows as Row[];
  }

  async run(sql: string, params?: readonly unknown[]): Promise<number> {
    const result = await this.client.query(sql, params as unknown[] | undefined);
    return result.rowCount ?? 0;
  }
}

/** Runs `job` on one client checked out of the pool, returning it afterwards. */
export async function withClient<T>(pool: pg.Pool, job: (db: PgSession) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await job(new PgSession(client));
  } finally {
    client.release();
  }
}
