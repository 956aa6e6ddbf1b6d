import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateTranscripts } from '../../bench/generator/index.js';

/** Size and span of the demo set: a few dozen sessions over two weeks, imported in a second or two. */
export const DEMO_BYTES = 3_000_000;
export const DEMO_DAYS = 14;
export const DEMO_SEED = 20_251_117;
/** Demo projects are named `demo-…` (real Claude Code project dirs are encoded absolute paths: `-home-…`, `C--…`). */
export const DEMO_PROJECT_PREFIX = 'demo';

const ISO_TIME = /"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)"/g;
const LINE_TIME = /"timestamp":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)"/g;

export interface DemoFiles {
  /** the Claude config dir written: `<dir>/projects/demo-…/*.jsonl` */
  dir: string;
  files: number;
  sessions: number;
  /** epoch ms of the newest line */
  endsAt: number;
}

/**
 * Writes the demo transcripts into `dir` (replaced): the bench generator's realistic Claude Code
 * sessions over the last two weeks, shifted so the newest line is `now` (the latest session is
 * active), without the generator's deliberately malformed lines, in projects named `demo-…`.
 */
export async function writeDemoTranscripts(dir: string, now = Date.now()): Promise<DemoFiles> {
  const staging = `${dir}.staging-${process.pid}-${now}`;
  await rm(staging, { recursive: true, force: true });
  try {
    const stats = await generateTranscripts({
      outDir: staging,
      totalBytes: DEMO_BYTES,
      seed: DEMO_SEED,
      startDate: new Date(now - DEMO_DAYS * 86_400_000).toISOString(),
      days: DEMO_DAYS,
      projects: 4,
    });
    const projectsDir = join(staging, 'projects');
    for (const name of await readdir(projectsDir)) {
      await rename(join(projectsDir, name), join(projectsDir, `${DEMO_PROJECT_PREFIX}${name.startsWith('-') ? '' : '-'}${name}`));
    }
    const files = await listFiles(projectsDir);
    const cleaned = new Map<string, string[]>();
    let newest = 0;
    for (const file of files.filter((f) => f.endsWith('.jsonl'))) {
      const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => isJson(line));
      for (const line of lines) for (const match of line.matchAll(LINE_TIME)) newest = Math.max(newest, Date.parse(match[1]));
      cleaned.set(file, lines);
    }
    const shift = newest > 0 ? now - 5_000 - newest : 0;
    for (const [file, lines] of cleaned) {
      await writeFile(file, lines.map((line) => shiftTimes(line, shift)).join('\n') + (lines.length ? '\n' : ''));
    }
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, '..'), { recursive: true });
    await rename(staging, dir);
    return { dir, files: cleaned.size, sessions: stats.sessions, endsAt: newest + shift };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

function isJson(line: string): boolean {
  if (!line.trim()) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** Every ISO time in the line moved by `shift` ms (timestamps, backup times, times quoted in outputs). */
function shiftTimes(line: string, shift: number): string {
  if (shift === 0) return line;
  return line.replace(ISO_TIME, (whole, iso: string) => {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? `"${new Date(ms + shift).toISOString()}"` : whole;
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}
