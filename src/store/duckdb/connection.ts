import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Row, SqlSession } from '../sql/session.js';
import { inTransaction } from '../sql/transaction.js';
import { SerialQueue } from './serial.js';

/**
 * JS values to DuckDB bind values. Whole numbers go as BIGINT (a JS number would bind as DOUBLE
 * and turn `ts >= $1` into a floating-point comparison).
 */
function toDuckValue(value: unknown): DuckDBValue {
  if (value === undefined) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return value as DuckDBValue;
}

function toDuckValues(params: readonly unknown[] | undefined): DuckDBValue[] | undefined {
  return params && params.length ? params.map(toDuckValue) : undefined;
}

/** Statements on one connection, unqueued: for use inside `DuckConnection.exclusive`. */
export class DirectSession implements SqlSession {
  constructor(readonly connection: DuckDBConnection) {}

  async all(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql, toDuckValues(params));
    return reader.getRowObjectsJS() as Row[];
  }

  async run(sql: string, params?: readonly unknown[]): Promise<number> {
    const result = await this.connection.run(sql, toDuckValues(params));
    return Number(result.rowsChanged);
  }
}

/** A DuckDB connection whose users take turns: single statements queue, transactions hold it. */
export class DuckConnection implements SqlSession {
  private readonly queue = new SerialQueue();
  private readonly direct: DirectSession;

  constructor(readonly connection: DuckDBConnection) {
    this.direct = new DirectSession(connection);
  }

  all(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.queue.run(() => this.direct.all(sql, params));
  }

  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.queue.run(() => this.direct.run(sql, params));
  }

  /** Holds the connection for several statements (a transaction, an appender load). */
  exclusive<T>(job: (db: DirectSession) => Promise<T>): Promise<T> {
    return this.queue.run(() => job(this.direct));
  }

  /** Runs `job` inside BEGIN … COMMIT, rolling back if it throws. */
  transaction<T>(job: (db: SqlSession) => Promise<T>): Promise<T> {
    return this.exclusive((db) => inTransaction(db, job));
  }

  async close(): Promise<void> {
    await this.queue.drain();
    this.connection.disconnectSync();
  }
}

