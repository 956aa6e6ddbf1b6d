import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import type { DuckDBInstance as DuckDBInstanceType } from '@duckdb/node-api';
import { duckdb } from './driver.js';

const { DuckDBInstance } = duckdb;

/** DuckDB settings, each chosen for a long-running importer that must stay under ~512 MiB RSS. */
export function duckdbTuning(memoryLimit = IMPORT_MEMORY_LIMIT, threads = defaultThreads()): Record<string, string> {
  return {
    threads: String(threads),
    // The buffer manager's cap; with Node's heaps this keeps an import under 512 MiB RSS. Larger work spills to disk.
    memory_limit: process.env.SIGHTLINE_DUCKDB_MEMORY ?? memoryLimit,
    // Our SQL always says ORDER BY when order matters; letting DuckDB drop insertion order lets inserts and aggregates stream with less memory.
    preserve_insertion_order: 'false',
    // Checkpoint the WAL into the file every 64 MB instead of 16 MB: fewer pauses during a bulk import, replay stays short.
    checkpoint_threshold: '64MB',
    // Hand freed memory back to the OS after 32 MB instead of 128 MB, so RSS falls after each batch.
    allocator_flush_threshold: '32MB',
  };
}

/** At most 4 threads: enough to parallelise scans and aggregates; more adds per-thread buffers and contention. */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** The default cap: the import's memory target. `serve` asks for more (server/start.ts). */
export const IMPORT_MEMORY_LIMIT = '160MB';

/** The error `openStore` throws when another process holds the DuckDB file. */
export class StoreLockedError extends Error {
  readonly code = 'STORE_LOCKED';

  constructor(readonly path: string, cause: unknown) {
    super(
      `The Sightline database ${path} is locked by another process — most likely a running \`sightline serve\`. ` +
        'Stop it, or run the command against the server instead.',
      { cause },
    );
    this.name = 'StoreLockedError';
  }
}

/** Opens (creating when missing) the DuckDB file, with its directory and our tuning. */
export async function openDuckDbInstance(path: string, memoryLimit?: string, threads?: number): Promise<DuckDBInstanceType> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  try {
    return await DuckDBInstance.create(path, duckdbTuning(memoryLimit, threads));
  } catch (error) {
    if (error instanceof Error && /Could not set lock on file/i.test(error.message)) throw new StoreLockedError(path, error);
    throw error;
  }
}
