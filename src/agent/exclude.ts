import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { transcriptKeys } from '../sources/claude-code/paths.js';

/** The opt-out file: in a project's directory (or any directory above it) it keeps the project on this machine. */
export const IGNORE_FILE = '.sightline-ignore';
/** How much of a transcript's head is read to find the directory it was recorded in. */
const HEAD_BYTES = 64 * 1024;

/**
 * Which transcripts stay on this machine: `--exclude-project` patterns (a path, or a glob with `*`,
 * `**`, `?`, matched against the project's working directory, any directory above it, and the
 * project's folder name under projects/), and `.sightline-ignore` files. Excluded files are never read.
 */
export class ProjectFilter {
  private readonly matchers: Array<(candidate: string) => boolean>;
  private readonly cwdOf = new Map<string, string | null>();

  constructor(patterns: readonly string[]) {
    this.matchers = patterns.map(compilePattern);
  }

  /** Why this transcript is excluded, or null when it may be sent. `ignoreFiles` memoizes stats within one pass. */
  reason(path: string, ignoreFiles: Map<string, boolean> = new Map()): string | null {
    const { project } = transcriptKeys(path);
    const cwd = this.cwd(path);
    const candidates = [project, ...(cwd ? ancestors(cwd) : [])];
    if (this.matchers.some((matches) => candidates.some(matches))) return `--exclude-project matches ${cwd ?? project}`;
    for (const dir of cwd ? ancestors(cwd) : []) {
      let found = ignoreFiles.get(dir);
      if (found === undefined) ignoreFiles.set(dir, (found = existsSync(join(dir, IGNORE_FILE))));
      if (found) return `${join(dir, IGNORE_FILE)} exists`;
    }
    return null;
  }

  /** The `cwd` the transcript's first lines name (cached once found: a session keeps its directory). */
  private cwd(path: string): string | null {
    const cached = this.cwdOf.get(path);
    if (cached !== undefined) return cached;
    const found = readCwd(path);
    if (found) this.cwdOf.set(path, found);
    return found;
  }
}

function readCwd(path: string): string | null {
  let head: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      head = buffer.toString('utf8', 0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  for (const line of head.split('\n').slice(0, -1)) {
    if (!line.includes('"cwd"')) continue;
    try {
      const cwd = (JSON.parse(line) as { cwd?: unknown }).cwd;
      if (typeof cwd === 'string' && cwd) return cwd;
    } catch {
      // a malformed line: try the next
    }
  }
  return null;
}

/** `/a/b/c` → [/a/b/c, /a/b, /a, /] */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    out.push(current);
    if (dirname(current) === current) return out;
  }
}

/** A plain path matches itself (its subdirectories are covered by ancestors()); a glob becomes a regex. */
export function compilePattern(pattern: string): (candidate: string) => boolean {
  const expanded = pattern === '~' ? homedir() : pattern.startsWith('~/') ? join(homedir(), pattern.slice(2)) : pattern;
  if (!/[*?]/.test(expanded)) {
    const exact = expanded.includes(sep) ? resolve(expanded) : expanded;
    return (candidate) => candidate === exact;
  }
  const regex = new RegExp(`^${globSource(expanded)}$`);
  return (candidate) => regex.test(candidate);
}

function globSource(glob: string): string {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return source;
}
