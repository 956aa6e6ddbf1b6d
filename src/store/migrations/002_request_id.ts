import type { Migration } from './migration.js';

/** The provider request id of model calls: the key that joins one call across sources (transcript ↔ OTLP). */
export const requestId: Migration = {
  version: 2,
  name: 'request_id',
  statements: (dialect) => [
    'ALTER TABLE events ADD COLUMN request_id TEXT',
    ...(dialect === 'postgres' ? ['CREATE INDEX events_request_id ON events (request_id) WHERE request_id IS NOT NULL'] : []),
  ],
};
