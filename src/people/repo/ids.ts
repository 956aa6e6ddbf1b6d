import { createHash, randomBytes } from 'node:crypto';

/** A random id for a people row (teams, users, invites, audit rows): 16 bytes, base64url. */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** A random secret for a link or an invite: 32 bytes, base64url; only its sha256Hex is stored. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How invite and link tokens are stored: a high-entropy token needs no slow hash. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Emails compare without case or surrounding space. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
