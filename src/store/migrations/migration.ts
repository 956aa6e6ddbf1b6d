import type { Dialect } from '../sql/dialect.js';

/**
 * A schema change, applied once and recorded in schema_migrations.
 * Files are named `NNN_what.ts`; a migration is never edited after release, only followed by a new one.
 * SQL is shared where the dialects agree; `statements` branches only where they truly differ.
 */
export interface Migration {
  version: number;
  name: string;
  statements(dialect: Dialect): string[];
}
