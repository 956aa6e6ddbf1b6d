import { createRequire } from 'node:module';

/**
 * The DuckDB driver, loaded through require: the package is CommonJS, and an ESM import of it runs
 * Node's CJS export scanner over every file of it, which costs short commands (report) ~40 ms.
 * Import values from here; type-only imports from '@duckdb/node-api' are fine anywhere.
 */
export const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
