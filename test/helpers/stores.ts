import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

/** The PostgreSQL the tests use: TEST_DATABASE_URL, else the local `test` database (trust auth). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A store of its own for one test or test file; `dispose` closes it and deletes everything it wrote. */
export interface FreshStore {
  store: Store;
  dispose(): Promise<void>;
}

export interface StoreFactory {
  kind: 'duckdb' | 'postgres';
  create(): Promise<FreshStore>;
}

let counter = 0;

/** A DuckDB store in a new temp directory, removed on dispose. */
export async function freshDuckDbStore(): Promise<FreshStore> {
  const dir = await mkdtemp(join(tmpdir(), 'sightline-store-'));
  const store = await openStore({ databaseUrl: '', duckdbPath: join(dir, 'sightline.duckdb') });
  return {
    store,
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A PostgreSQL store in a new schema, dropped on dispose. Fails (never skips) when the server is
 * unreachable: the PostgreSQL store is part of the contract.
 */
export async function freshPostgresStore(databaseUrl = TEST_DATABASE_URL): Promise<FreshStore> {
  const schema = `sl_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const store = await openStore({ databaseUrl, pgSchema: schema });
  return {
    store,
    async dispose() {
      await store.close();
      await dropSchema(databaseUrl, schema);
    },
  };
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export const STORE_FACTORIES: readonly StoreFactory[] = [
  { kind: 'duckdb', create: freshDuckDbStore },
  { kind: 'postgres', create: () => freshPostgresStore() },
];
