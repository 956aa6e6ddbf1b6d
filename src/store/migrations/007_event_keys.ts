import { insertKeysSql } from '../duckdb/event-keys.js';
import type { Migration } from './migration.js';

/** DuckDB: a 64-bit key per event id with its time, for id lookups (store/duckdb/event-keys.ts). PostgreSQL has its primary key. */
export const eventKeys: Migration = {
  version: 7,
  name: 'event_keys',
  statements: (dialect) =>
    dialect === 'duckdb' ? ['CREATE TABLE event_keys (k UBIGINT NOT NULL, ts BIGINT NOT NULL)', insertKeysSql('SELECT id, ts FROM events')] : [],
};
