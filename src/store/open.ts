import { duckdbPath } from '../core/config.js';
import type { Store } from './store.js';

/**
 * `sightline import` runs DuckDB on one thread: its parser threads already fill the cores. Measured on
 * 1 GiB with 2 cores: 5.9–6.1 s and a 470–477 MiB peak, against 6.2–6.9 s and 489–515 MiB with two.
 */
export const IMPORT_DUCKDB_THREADS = 1;

export interface OpenStoreOptions {
  /** PostgreSQL URL; default `process.env.DATABASE_URL`. When set, the PostgreSQL store is used. */
  databaseUrl?: string;
  /** DuckDB file; default `$SIGHTLINE_HOME/sightline.duckdb` */
  duckdbPath?: string;
  /** PostgreSQL schema for our tables (created when missing); tests use one each */
  pgSchema?: string;
  /** DuckDB's buffer cap (e.g. '1GB'); default the importer's (instance.ts). SIGHTLINE_DUCKDB_MEMORY overrides both. */
  duckdbMemoryLimit?: string;
  /** DuckDB's worker threads; default min(4, cores). The CLI import asks for IMPORT_DUCKDB_THREADS. */
  duckdbThreads?: number;
}

/**
 * Opens the configured store and brings its schema up to date.
 * PostgreSQL when a database URL is given (or DATABASE_URL is set), else the embedded DuckDB file.
 * Throws an error with `code === 'STORE_LOCKED'` when another process (a running `sightline serve`)
 * holds the DuckDB file.
 *
 * @example const store = await openStore(); // ~/.sightline/sightline.duckdb
 * @example const store = await openStore({ databaseUrl: 'postgres://sightline@db/sightline' });
 */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  // Each driver is loaded only when used: short-lived commands start faster.
  const store = databaseUrl?.trim()
    ? new (await import('./postgres/pg-store.js')).PostgresStore({ databaseUrl: databaseUrl.trim(), schema: opts.pgSchema })
    : await (await import('./duckdb/duckdb-store.js')).DuckDbStore.open(opts.duckdbPath ?? duckdbPath(), opts.duckdbMemoryLimit, opts.duckdbThreads);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
