import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SUFFIX = '.ndjson';

/** One segment file: events JSON-encoded, one per line, oldest segment first. */
export interface Segment {
  name: string;
  lines: string[];
}

/**
 * The client's on-disk buffer: append-only segment files in one directory, named by a rising
 * counter so directory order is send order. Each segment is written whole (temp file, then rename),
 * so a crash never leaves half a segment behind, and deleted once the server has its events.
 * Synchronous on purpose: it is used only while the server is unreachable, a segment at a time,
 * and sync calls keep the order of appends and removals obvious.
 */
export class DiskBuffer {
  private readonly segments: Array<{ name: string; bytes: number }> = [];
  private nextNumber = 1;
  bytes = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir).filter((n) => n.endsWith(SUFFIX)).sort()) {
      const bytes = statSync(join(dir, name)).size;
      this.segments.push({ name, bytes });
      this.bytes += bytes;
      this.nextNumber = Math.max(this.nextNumber, Number.parseInt(name, 10) + 1 || this.nextNumber);
    }
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Events held on disk (reads the segments: call it rarely). */
  countEvents(): number {
    return this.segments.reduce((sum, segment) => sum + this.read(segment.name).length, 0);
  }

  /** Write these events as the newest segment. */
  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const name = `${String(this.nextNumber++).padStart(12, '0')}${SUFFIX}`;
    const text = lines.join('\n') + '\n';
    const temp = join(this.dir, `${name}.tmp`);
    writeFileSync(temp, text);
    renameSync(temp, join(this.dir, name));
    const bytes = Buffer.byteLength(text);
    this.segments.push({ name, bytes });
    this.bytes += bytes;
  }

  oldest(): Segment | null {
    const first = this.segments[0];
    return first ? { name: first.name, lines: this.read(first.name) } : null;
  }

  /** Delete a segment; returns how many events it held (0 when it was gone already). */
  remove(name: string): number {
    const index = this.segments.findIndex((s) => s.name === name);
    if (index < 0) return 0;
    const count = this.read(name).length;
    this.bytes -= this.segments[index].bytes;
    this.segments.splice(index, 1);
    rmSync(join(this.dir, name), { force: true });
    return count;
  }

  /** Delete the oldest segment other than `except`; returns the events dropped, or null when there is none. */
  dropOldest(except?: string): number | null {
    const victim = this.segments.find((s) => s.name !== except);
    return victim ? this.remove(victim.name) : null;
  }

  /** A segment's lines; a torn or unreadable line (never expected: segments are renamed into place) is skipped. */
  private read(name: string): string[] {
    let text: string;
    try {
      text = readFileSync(join(this.dir, name), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter((line) => line.length > 0 && line.endsWith('}'));
  }
}
