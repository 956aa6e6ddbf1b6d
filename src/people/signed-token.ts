import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A compact signed value (`<payload b64url>.<hmac b64url>`), for the session cookie and CSRF tokens:
 * the server keeps no session table; revocation works through the user's `sessionEpoch`, which the
 * payload carries and every request checks against the database.
 */
export function sign(payload: object, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

/** The payload when the signature is right, else null. Expiry is the caller's to check. */
export function verify<T>(token: string | undefined, secret: string): T | null {
  if (!token) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(mac(body, secret), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
