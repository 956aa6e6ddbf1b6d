import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The server's last status-line answer, kept so the status line prints at once even when the server is slow or down. */
export interface StatusLineCache {
  todayCostUsd?: number;
  dayStart?: number;
  fiveHourPct?: number | null;
  block?: { costUsd: number; elapsedPct: number; endTime: number } | null;
  computedAt?: number;
}

export function statusLineCachePath(home: string): string {
  return join(home, 'statusline-cache.json');
}

export function readStatusLineCache(home: string): StatusLineCache {
  try {
    const value = JSON.parse(readFileSync(statusLineCachePath(home), 'utf8')) as unknown;
    return value && typeof value === 'object' ? (value as StatusLineCache) : {};
  } catch {
    return {};
  }
}

/** Temp file then rename: a status line running at the same moment never reads half a file. */
export function writeStatusLineCache(home: string, cache: StatusLineCache): void {
  const path = statusLineCachePath(home);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(cache), { mode: 0o600 });
  renameSync(temp, path);
}
