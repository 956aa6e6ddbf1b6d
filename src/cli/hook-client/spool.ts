import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The hook spool: payloads `sightline hook` could not deliver, one JSON line each
 * (`{"receivedAt":<epoch ms>,"payload":{…}}`), in `$SIGHTLINE_HOME/spool/`. Lean on purpose
 * (node:fs only): it runs inside the hook command, whose start-up time Claude Code waits for.
 *
 * Delivery is claim-by-rename: a drainer renames a spool file to a `claimed-…` name of its own
 * before reading it, so two processes never deliver the same lines; what one could not deliver
 * goes back as a `pending-…` file that keeps its place in the order. A drainer that died leaves
 * its claimed file behind; it is claimed again once its process is gone (event ids are
 * deterministic, so a line delivered twice that way is still stored once).
 */
export const SPOOL_FILE = 'hooks.jsonl';
export const DEFAULT_SPOOL_MAX_BYTES = 50 * 1024 * 1024;
const DROPPED_FILE = 'hooks.dropped';

export function spoolDir(home: string): string {
  return join(home, 'spool');
}

/** One spool line for a payload (already-validated JSON text) received at `receivedAt`. */
export function spoolLine(receivedAt: number, payloadJson: string): string {
  return `{"receivedAt":${receivedAt},"payload":${payloadJson}}\n`;
}

/** Append one payload; when the spool would pass `maxBytes`, the oldest half of it is dropped (and counted). */
export function appendToSpool(home: string, receivedAt: number, payloadJson: string, maxBytes = DEFAULT_SPOOL_MAX_BYTES): void {
  const dir = spoolDir(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const line = spoolLine(receivedAt, payloadJson);
  if (spoolBytes(dir) + line.length > maxBytes) trimOldest(dir, maxBytes / 2);
  appendFileSync(join(dir, SPOOL_FILE), line, { mode: 0o600 });
}

/** Payload lines dropped so far because the spool was full. */
export function droppedCount(home: string): number {
  try {
    return Number(readFileSync(join(spoolDir(home), DROPPED_FILE), 'utf8')) || 0;
  } catch {
    return 0;
  }
}

/** True when there is anything to deliver (cheap: one readdir). */
export function spoolHasWork(home: string): boolean {
  return spoolFiles(spoolDir(home)).length > 0;
}

function spoolBytes(dir: string): number {
  let total = 0;
  for (const name of spoolFiles(dir)) total += sizeOf(join(dir, name));
  return total;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Spool files in delivery order: leftovers (pending, orphaned claims) by their order key, then the live file. */
function spoolFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const keyed = names.filter((n) => /^(pending|claimed)-\d+-\d+(-\w+)?\.jsonl$/.test(n)).sort();
  return names.includes(SPOOL_FILE) ? [...keyed, SPOOL_FILE] : keyed;
}

/**
 * Shrink the spool to about `keepBytes` by dropping its oldest lines: every file not being
 * delivered right now is claimed, and the newest lines that fit go back as one pending file.
 */
function trimOldest(dir: string, keepBytes: number): void {
  const lines: string[] = [];
  let firstKey: string | null = null;
  for (const name of spoolFiles(dir)) {
    if (name.startsWith('claimed-')) continue;
    const key = /^pending-(\d+)-/.exec(name)?.[1] ?? orderKey();
    const claimed = claim(dir, name, key);
    if (!claimed) continue;
    firstKey ??= key;
    lines.push(...completeLines(readFileSync(claimed, 'utf8')));
    unlinkSync(claimed);
  }
  let kept = 0;
  let from = lines.length;
  while (from > 0 && kept + lines[from - 1].length + 1 <= keepBytes) kept += lines[--from].length + 1;
  const previous = Number(readOr(join(dir, DROPPED_FILE), '0')) || 0;
  writeFileSync(join(dir, DROPPED_FILE), String(previous + from));
  if (from < lines.length) writePending(dir, firstKey ?? orderKey(), lines.slice(from));
}

function writePending(dir: string, key: string, lines: string[]): void {
  const pending = join(dir, `pending-${key}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.jsonl`);
  writeFileSync(`${pending}.tmp`, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  renameSync(`${pending}.tmp`, pending);
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

function orderKey(): string {
  return String(Date.now()).padStart(15, '0');
}

/** Rename a spool file to a claimed name of this process; null when another process got it first. */
function claim(dir: string, name: string, key: string): string | null {
  const target = join(dir, `claimed-${key}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.jsonl`);
  try {
    renameSync(join(dir, name), target);
    return target;
  } catch {
    return null;
  }
}

/** Put undelivered lines back (keeping their place in the order), or remove the claimed file when all went. */
function release(claimedPath: string, remaining: string[]): void {
  if (remaining.length > 0) writePending(dirname(claimedPath), /claimed-(\d+)-/.exec(claimedPath)?.[1] ?? orderKey(), remaining);
  unlinkSync(claimedPath);
}

function completeLines(text: string): string[] {
  const end = text.lastIndexOf('\n');
  return end < 0 ? [] : text.slice(0, end).split('\n').filter((l) => l.trim());
}

function claimable(name: string): boolean {
  const match = /^claimed-\d+-(\d+)-/.exec(name);
  if (!match) return true;
  const pid = Number(match[1]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false; // its drainer is still at work
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface DrainOptions {
  /** lines per delivery */
  batchLines?: number;
  /** stop starting new deliveries after this time (performance.now() ms) */
  deadline?: number;
}

export interface DrainResult {
  delivered: number;
  /** lines left in the spool for a later drain */
  remaining: number;
}

/**
 * Deliver the spool, oldest first, in batches. `deliver` gets raw spool lines and resolves true
 * when they were accepted (false or a throw: keep them for later and stop).
 * @example await drainSpool(home, async (lines) => (await post(lines)).ok)
 */
export async function drainSpool(home: string, deliver: (lines: string[]) => Promise<boolean>, opts: DrainOptions = {}): Promise<DrainResult> {
  const dir = spoolDir(home);
  const result: DrainResult = { delivered: 0, remaining: 0 };
  let stopped = false;
  for (const name of spoolFiles(dir)) {
    if (stopped || pastDeadline(opts)) break;
    if (!claimable(name)) continue;
    const key = /^(?:pending|claimed)-(\d+)-/.exec(name)?.[1] ?? orderKey();
    const claimed = claim(dir, name, key);
    if (!claimed) continue;
    const outcome = await deliverFile(claimed, deliver, opts);
    result.delivered += outcome.delivered;
    result.remaining += outcome.remaining;
    stopped = outcome.remaining > 0;
  }
  return result;
}

async function deliverFile(claimed: string, deliver: (lines: string[]) => Promise<boolean>, opts: DrainOptions): Promise<DrainResult> {
  const batch = opts.batchLines ?? 500;
  let lines = completeLines(readFileSync(claimed, 'utf8'));
  let done = 0;
  let ok = true;
  while (ok && done < lines.length && !pastDeadline(opts)) {
    const chunk = lines.slice(done, done + batch);
    ok = await deliver(chunk).catch(() => false);
    if (ok) done += chunk.length;
    // an appender that opened the file just before we claimed it may have written since we read it
    if (ok && done >= lines.length) lines = completeLines(readFileSync(claimed, 'utf8'));
  }
  release(claimed, lines.slice(done));
  return { delivered: done, remaining: lines.length - done };
}

function pastDeadline(opts: DrainOptions): boolean {
  return opts.deadline !== undefined && performance.now() >= opts.deadline;
}
