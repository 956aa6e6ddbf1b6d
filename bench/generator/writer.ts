import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Rng } from './rng.js';

/** Totals of one generator run. */
export interface GenerateStats {
  /** .jsonl files written (main, subagent and side files). */
  files: number;
  /** All bytes written, .meta.json files included. */
  bytes: number;
  /** Main session files. */
  sessions: number;
  /** Lines written, malformed and partial ones included. */
  lines: number;
  /** Lines that are not valid JSON but end with a newline. */
  malformedLines: number;
  /** Files whose last line is truncated JSON without a trailing newline. */
  partialLastLines: number;
}

const FLUSH_CHARS = 4 * 1024 * 1024;
const GARBAGE = ['<<<<<<< HEAD', '\u0000\u0000\u0000\u0000\u0000\u0000', 'npm WARN deprecated inflight@1.0.6', '}{"type":', 'Killed'];

/** Inserts the rare broken line a crash or a bad merge leaves in a transcript (~0.05% of lines). */
export class Corruptor {
  /** Broken lines still owed to guarantee that even a tiny data set has both kinds. */
  private forced: Array<'garbage' | 'truncated'> = ['truncated', 'garbage'];

  constructor(private readonly rng: Rng, private readonly rate = 0.0005) {}

  /** A malformed line to write before `line`, or null. */
  before(line: string, allowForced: boolean): string | null {
    const forcedKind = allowForced && line.length > 200 ? this.forced.shift() : undefined;
    if (!forcedKind && !this.rng.chance(this.rate)) return null;
    const kind = forcedKind ?? (this.rng.chance(0.6) ? 'truncated' : 'garbage');
    if (kind === 'garbage') return this.rng.pick(GARBAGE);
    return line.slice(0, this.rng.int(10, Math.max(11, line.length - 5)));
  }

  /** A cut-off line for the end of a file still being written. */
  partial(line: string): string {
    return line.slice(0, this.rng.int(5, Math.max(6, line.length - 3)));
  }
}

/** A .jsonl file written through one large buffer. */
export class JsonlFile {
  /** Characters written so far: close to bytes, good enough for budgets. */
  chars = 0;
  /** Lines written so far. */
  lineCount = 0;
  private chunks: string[] = [];
  private pending = 0;
  private readonly fd: number;

  constructor(path: string, private readonly stats: GenerateStats, private readonly corruptor: Corruptor | null) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
    stats.files++;
  }

  write(line: string, allowForcedCorruption = false): void {
    const broken = this.corruptor?.before(line, allowForcedCorruption) ?? null;
    if (broken !== null) {
      this.append(`${broken}\n`);
      this.stats.malformedLines++;
    }
    this.append(`${line}\n`);
  }

  /** Closes the file; with `partialOf`, first appends a truncated copy of that line and no newline. */
  close(partialOf?: string): void {
    if (partialOf !== undefined && this.corruptor) {
      this.chunks.push(this.corruptor.partial(partialOf));
      this.stats.lines++;
      this.stats.partialLastLines++;
    }
    this.flush();
    closeSync(this.fd);
  }

  private append(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    this.chars += text.length;
    this.lineCount++;
    this.stats.lines++;
    if (this.pending >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.pending = 0;
    this.stats.bytes += writeFully(this.fd, text);
  }
}

/** Writes a small whole file (subagent .meta.json). */
export function writeSmallFile(path: string, text: string, stats: GenerateStats): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  stats.bytes += writeFully(fd, text);
  closeSync(fd);
}

/** writeSync may write less than asked; loop until the whole text is on disk. */
function writeFully(fd: number, text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  return bytes.length;
}
