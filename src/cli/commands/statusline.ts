import { sightlineHome } from '../../core/config.js';
import { postJson, readServerTarget } from '../hook-client/post.js';
import { readStatusLineCache, writeStatusLineCache, type StatusLineCache } from '../hook-client/statusline-cache.js';
import { formatStatusLine } from '../hook-client/statusline-format.js';
import { readStdin } from '../hook-client/stdin.js';

/** Stdin read budget and the longest we wait for the server's answer (after printing). */
const STDIN_DEADLINE_MS = 200;
const REPLY_TIMEOUT_MS = 150;

/**
 * `sightline statusline`: Claude Code's `statusLine` command. Prints one line at once from the
 * payload and the cached server answer, then forwards the payload to the server and, if it answers
 * quickly, caches the answer for next time. Always exits 0.
 */
export async function statuslineCommand(_argv: string[]): Promise<number> {
  setTimeout(() => process.exit(0), STDIN_DEADLINE_MS + REPLY_TIMEOUT_MS + 150).unref();
  const home = sightlineHome();
  try {
    const raw = await readStdin(STDIN_DEADLINE_MS);
    const payload = parseObject(raw);
    const dayStart = localMidnight();
    process.stdout.write(`${formatStatusLine(payload ?? {}, readStatusLineCache(home), dayStart)}\n`);
    if (payload) await forward(home, raw, dayStart);
  } catch {
    // a status line never fails
  }
  return 0;
}

async function forward(home: string, body: string, dayStart: number): Promise<void> {
  const target = readServerTarget(home);
  if (!target) return;
  const headers = { 'x-sightline-received-at': String(Date.now()), 'x-sightline-day-start': String(dayStart) };
  const reply = await postJson(target, '/api/v1/hooks/statusline', body, REPLY_TIMEOUT_MS, headers).catch(() => null);
  if (!reply || reply.status !== 200) return;
  const answer = JSON.parse(reply.text) as StatusLineCache & { ok?: boolean };
  writeStatusLineCache(home, { todayCostUsd: answer.todayCostUsd, dayStart: answer.dayStart, fiveHourPct: answer.fiveHourPct, block: answer.block, computedAt: answer.computedAt });
}

function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function localMidnight(): number {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  return midnight.getTime();
}
