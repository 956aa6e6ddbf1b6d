import { sightlineHome } from '../../core/config.js';
import { postJson, readServerTarget, type ServerTarget } from '../hook-client/post.js';
import { appendToSpool, drainSpool, spoolHasWork } from '../hook-client/spool.js';
import { readStdin } from '../hook-client/stdin.js';

/** The whole hook run, node start-up included, stays within this (performance.now() counts from process start). */
const BUDGET_MS = 300;
const MIN_WORK_MS = 200;
/** Payloads the server would refuse again later are not kept; these statuses mean "try again later". */
const RETRYABLE = new Set([401, 408, 429, 500, 502, 503, 504]);

/**
 * `sightline hook`: the command Claude Code runs for every hook event. Reads the payload on stdin,
 * posts it to the local server, and spools it when the server is down or slow. It prints nothing,
 * always exits 0 and never takes longer than the budget: it must not block, slow or fail Claude
 * Code (a hook's stdout and exit code can steer it, formats.md §2.4).
 */
export async function hookCommand(_argv: string[]): Promise<number> {
  // The budget counts from process start, but a start slowed by a busy machine must not leave too
  // little time to read the payload at all: at least MIN_WORK_MS remain for the run's own work.
  const deadline = Math.max(BUDGET_MS, performance.now() + MIN_WORK_MS);
  const home = sightlineHome();
  // A last resort at the deadline (unref'd: never keeps us alive). A payload read but not yet
  // acknowledged is spooled first: on a loaded machine the budget can run out mid-post, and a
  // payload both stored and spooled is harmless (ids are deterministic), one in neither is lost.
  setTimeout(() => {
    if (unsettled) spoolQuietly(home, unsettled);
    process.exit(0);
  }, deadline + 100 - performance.now()).unref();
  try {
    await handleHook(home, deadline);
  } catch {
    if (unsettled) spoolQuietly(home, unsettled);
  }
  return 0;
}

/** The payload this run holds that is neither acknowledged by the server nor spooled yet. */
let unsettled: { receivedAt: number; payloadJson: string } | null = null;

function spoolQuietly(home: string, payload: { receivedAt: number; payloadJson: string }): void {
  try {
    appendToSpool(home, payload.receivedAt, payload.payloadJson);
  } catch {
    // never fail Claude Code
  }
  unsettled = null;
}

async function handleHook(home: string, deadline: number): Promise<void> {
  const raw = await readStdin(deadline - 60);
  const receivedAt = Date.now();
  const payloadJson = validJsonObject(raw);
  if (payloadJson === null) return; // not a payload: nothing anyone could store
  unsettled = { receivedAt, payloadJson };
  const target = readServerTarget(home);
  if (!target) return spoolQuietly(home, unsettled);
  const headers = { 'x-sightline-received-at': String(receivedAt) };
  const status = await postJson(target, '/api/v1/hooks/claude-code', payloadJson, deadline - performance.now(), headers).then((r) => r.status, () => 0);
  if (status === 0 || RETRYABLE.has(status)) return spoolQuietly(home, unsettled!);
  unsettled = null; // acknowledged (or refused for good: a 4xx it would refuse again)
  if (status >= 200 && status < 300 && spoolHasWork(home)) await drainSpool(home, (lines) => deliverLines(target, lines, deadline), { deadline: deadline - 20, batchLines: 200 });
}

/** The payload re-encoded on one line, or null when stdin is not a JSON object. */
function validJsonObject(raw: string): string | null {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : null;
  } catch {
    return null;
  }
}

/** Spooled lines go to the batch route; a corrupt line (cut short by a crash) is left out rather than blocking the rest. */
export async function deliverLines(target: ServerTarget, lines: string[], deadline: number): Promise<boolean> {
  const items = lines.filter((line) => {
    try {
      return JSON.parse(line) !== null;
    } catch {
      return false;
    }
  });
  if (items.length === 0) return true;
  const body = `{"items":[${items.join(',')}]}`;
  const result = await postJson(target, '/api/v1/hooks/claude-code/batch', body, deadline - performance.now());
  return result.status >= 200 && result.status < 300;
}
