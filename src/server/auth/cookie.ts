/** The cookie the browser gets from the `?token=` link. */
export const TOKEN_COOKIE = 'sightline_token';

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/**
 * Set-Cookie for the token: HttpOnly (page scripts never see it), SameSite=Strict (other sites
 * cannot make the browser send it), whole site. No Secure flag: local mode is plain http on loopback.
 */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}
