import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `$SIGHTLINE_HOME/server.json`: how other commands on this machine find a running `sightline serve`. */
export interface ServerFile {
  /** base URL, without the token (that stays in the token file) */
  url: string;
  pid: number;
  /** ISO time */
  startedAt: string;
}

export function serverFilePath(home: string): string {
  return join(home, 'server.json');
}

/** Written atomically (temp file, then rename) with mode 0600, so a reader never sees half a file. */
export async function writeServerFile(home: string, info: ServerFile): Promise<void> {
  const path = serverFilePath(home);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  await rename(temp, path);
}

/** The server file, or null when absent or unreadable. It may be stale: check `isProcessAlive(pid)`. */
export async function readServerFile(home: string): Promise<ServerFile | null> {
  try {
    const parsed = JSON.parse(await readFile(serverFilePath(home), 'utf8')) as Partial<ServerFile>;
    if (typeof parsed.url !== 'string' || typeof parsed.pid !== 'number') return null;
    return { url: parsed.url, pid: parsed.pid, startedAt: String(parsed.startedAt ?? '') };
  } catch {
    return null;
  }
}

/** Removes the server file if it is this process's (a newer server's file is left alone). */
export async function removeServerFile(home: string, pid = process.pid): Promise<void> {
  const current = await readServerFile(home);
  if (current && current.pid !== pid) return;
  await rm(serverFilePath(home), { force: true });
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
