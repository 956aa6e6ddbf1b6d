import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve, basename } from 'node:path';
import { existsSync, statSync } from 'node:fs';

/** A transcript file found on disk, with what the checkpoint logic needs to spot changes. */
export interface TranscriptFile {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface DiscoveryResult {
  roots: string[];
  files: TranscriptFile[];
  /** roots or files we could not read, with why: reported, never fatal */
  problems: Array<{ path: string; message: string }>;
}

/**
 * The Claude config roots to scan, the way Claude Code and ccusage resolve them:
 * CLAUDE_CONFIG_DIR (comma-separated) when set — only those; else ~/.config/claude and ~/.claude.
 * A root may be given as the config dir or as its projects/ dir.
 */
export function claudeConfigRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.CLAUDE_CONFIG_DIR?.split(',').map((p) => p.trim()).filter(Boolean);
  if (fromEnv && fromEnv.length > 0) return unique(fromEnv.map((p) => normalizeRoot(expandHome(p, env))));
  const home = env.HOME || homedir();
  const xdg = env.XDG_CONFIG_HOME || join(home, '.config');
  return unique([join(xdg, 'claude'), join(home, '.claude')]).filter((root) => existsSync(join(root, 'projects')));
}

/** Accept `~/x`, and a `…/projects` dir in place of its parent. */
export function normalizeRoot(dir: string): string {
  const abs = resolve(dir);
  if (basename(abs) === 'projects' && isDir(abs)) return resolve(abs, '..');
  return abs;
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  if (p === '~') return home;
  return p.startsWith('~/') ? join(home, p.slice(2)) : p;
}

/** Every `projects/**\/*.jsonl` under the roots (subagent files included), sorted by path. */
export async function discoverTranscripts(roots: string[]): Promise<DiscoveryResult> {
  const files: TranscriptFile[] = [];
  const problems: DiscoveryResult['problems'] = [];
  for (const root of roots) {
    const projects = join(root, 'projects');
    if (!isDir(projects)) {
      problems.push({ path: root, message: existsSync(root) ? 'has no projects/ directory' : 'directory does not exist' });
      continue;
    }
    await walk(projects, files, problems);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { roots, files, problems };
}

async function walk(dir: string, files: TranscriptFile[], problems: DiscoveryResult['problems']): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    problems.push({ path: dir, message: (err as Error).message });
    return;
  }
  const subdirs: Promise<void>[] = [];
  const stats: Promise<void>[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) subdirs.push(walk(full, files, problems));
    else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.jsonl')) stats.push(statFile(full, files, problems));
  }
  await Promise.all([...subdirs, ...stats]);
}

async function statFile(path: string, files: TranscriptFile[], problems: DiscoveryResult['problems']): Promise<void> {
  try {
    const st = await stat(path);
    if (st.isFile()) files.push({ path, size: st.size, mtimeMs: Math.floor(st.mtimeMs), ino: st.ino });
  } catch (err) {
    // vanished between listing and stat (retention sweep), or a dangling link: noted, never fatal
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({ path, message: code === 'ENOENT' ? 'cannot be read (vanished, or a broken link)' : (err as Error).message });
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
