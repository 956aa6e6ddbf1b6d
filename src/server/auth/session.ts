import { createHmac, timingSafeEqual } from 'node:crypto';
import { sign, verify } from '../../people/signed-token.js';

/** The team-mode session cookie (local mode's is `sightline_token`). */
export const SESSION_COOKIE = 'sightline_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

/** What the signed cookie carries; the database is re-read on every request (see credentials.ts). */
export interface SessionClaims {
  uid: string;
  tid: string;
  /** the user's session_epoch when signed in: a bump (logout everywhere, new password) voids the cookie */
  epoch: number;
  /** expiry, epoch ms */
  exp: number;
}

export function issueSession(claims: Omit<SessionClaims, 'exp'>, secret: string, now = Date.now()): string {
  return sign({ ...claims, exp: now + SESSION_TTL_MS }, secret);
}

/** Claims of a well-signed, unexpired cookie value; null otherwise. */
export function readSession(value: string | undefined, secret: string, now = Date.now()): SessionClaims | null {
  const claims = verify<SessionClaims>(value, secret);
  if (!claims || typeof claims.uid !== 'string' || typeof claims.tid !== 'string' || typeof claims.epoch !== 'number' || typeof claims.exp !== 'number') return null;
  return claims.exp > now ? claims : null;
}

/**
 * HttpOnly (scripts never see it), SameSite=Lax (cross-site POSTs do not carry it; links into the
 * app still sign in), Secure when the request came over https (plain http on a LAN must keep working).
 */
export function sessionCookie(value: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The CSRF token of a session: an HMAC of the cookie value, so it changes with every sign-in. */
export function csrfTokenFor(cookieValue: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf\u0000${cookieValue}`).digest('base64url');
}

export function csrfTokenMatches(given: string | undefined, cookieValue: string, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(csrfTokenFor(cookieValue, secret));
  return a.length === b.length && timingSafeEqual(a, b);
}
