import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `$SIGHTLINE_HOME/token`: the local access token, readable by its owner only. */
export function tokenPath(home: string): string {
  return join(home, 'token');
}

/**
 * The local access token, created on first use (32 random bytes, base64url, file mode 0600) and
 * reused afterwards, so links and hooks keep working across restarts.
 * @example const token = await ensureToken(sightlineHome());
 */
export async function ensureToken(home: string): Promise<string> {
  const existing = await readToken(home);
  if (existing) return existing;
  await mkdir(home, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  try {
    // 'wx': when two processes race, one writes and the other reads the winner's token.
    await writeFile(tokenPath(home), `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readToken(home);
    if (winner) return winner;
    throw error;
  }
  await chmod(tokenPath(home), 0o600); // the umask may have widened nothing, but never trust it
  return token;
}

/** The token in `$SIGHTLINE_HOME/token`, or null when there is none yet. */
export async function readToken(home: string): Promise<string | null> {
  try {
    const text = (await readFile(tokenPath(home), 'utf8')).trim();
    return text || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Constant-time comparison: both sides are hashed first, so neither length nor content leaks through timing. */
export function tokensMatch(candidate: string | undefined | null, expected: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
