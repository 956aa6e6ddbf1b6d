import type { Migration } from './migration.js';

/** Small named facts a store keeps about itself (e.g. that an import's session roll-ups are still owed). */
export const meta: Migration = {
  version: 3,
  name: 'meta',
  statements: () => ['CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at BIGINT NOT NULL)'],
};
