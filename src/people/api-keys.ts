import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `sl_<id>_<secret>`: the id (public, 12 chars) finds the row, the secret (32 random
 * bytes) is checked against its SHA-256. A high-entropy secret needs no slow hash; the plain key is
 * shown once, at creation, and never stored.
 */
export const KEY_SCOPES = ['ingest', 'read'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export interface NewKey {
  id: string;
  /** the full key, shown to the user once */
  key: string;
  secretHash: string;
}

export function generateKey(): NewKey {
  const id = randomBytes(9).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `sl_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** id and secret of a presented key, or null when it is not shaped like one of ours. */
export function parseKey(presented: string): { id: string; secret: string } | null {
  const match = /^sl_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(presented);
  return match ? { id: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}
