import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Shorter than this, SIGHTLINE_SECRET is refused: the session cookies are only as strong as it. */
const MIN_SECRET_LENGTH = 32;

export function secretPath(home: string): string {
  return join(home, 'secret');
}

/**
 * The server signing secret (session cookies, CSRF tokens): SIGHTLINE_SECRET when set (several
 * instances behind a load balancer must share it), else `$SIGHTLINE_HOME/secret`, created on first
 * use with 32 random bytes and mode 0600.
 * @example const secret = await ensureSecret(sightlineHome());
 */
export async function ensureSecret(home: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.SIGHTLINE_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) throw new Error(`SIGHTLINE_SECRET must be at least ${MIN_SECRET_LENGTH} characters (try: openssl rand -base64 32)`);
    return fromEnv;
  }
  const existing = await readSecret(home);
  if (existing) return existing;
  await mkdir(home, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    await writeFile(secretPath(home), `${secret}\n`, { mode: 0o600, flag: 'wx' }); // 'wx': a racing process keeps the winner's
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readSecret(home);
    if (winner) return winner;
    throw error;
  }
  await chmod(secretPath(home), 0o600);
  return secret;
}

async function readSecret(home: string): Promise<string | null> {
  try {
    return (await readFile(secretPath(home), 'utf8')).trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
