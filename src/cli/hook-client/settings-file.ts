import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

type Json = Record<string, any>;

/** The settings object, {} when the file does not exist; throws (naming the file) when it is not a JSON object. */
export function readSettings(path: string): Json {
  if (!existsSync(path)) return {};
  const text = readFileSync(path, 'utf8');
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); fix it first, nothing was changed`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path} does not hold a JSON object; nothing was changed`);
  return value as Json;
}

/** Copy the file to `<path>.sightline-backup-<timestamp>` before we change it; returns the backup path (null when there was no file). */
export function backupSettings(path: string, now = new Date()): string | null {
  if (!existsSync(path)) return null;
  const backup = `${path}.sightline-backup-${now.toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(path, backup);
  return backup;
}

/** Write JSON to a temp file and rename it over: the file is valid JSON at every moment. Keeps the file's mode. */
export function writeSettings(path: string, settings: Json): void {
  mkdirSync(dirname(path), { recursive: true });
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o644;
  const temp = `${path}.sightline-${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode });
  renameSync(temp, path);
}

/** The sidecar keeping the user's statusLine we replaced: `<settings>.sightline.json`. */
export function sidecarPath(settingsPath: string): string {
  return `${settingsPath}.sightline.json`;
}

export function readSidecar(settingsPath: string): { previousStatusLine?: Json } {
  try {
    return JSON.parse(readFileSync(sidecarPath(settingsPath), 'utf8')) as { previousStatusLine?: Json };
  } catch {
    return {};
  }
}

export function writeSidecar(settingsPath: string, previousStatusLine: Json): void {
  writeFileSync(sidecarPath(settingsPath), `${JSON.stringify({ previousStatusLine }, null, 2)}\n`);
}

export function removeSidecar(settingsPath: string): void {
  rmSync(sidecarPath(settingsPath), { force: true });
}
