import type { Rng } from './rng.js';
import { escapeBody } from './ids.js';

/**
 * Lines of text kept pre-escaped for JSON, so big tool outputs are built by slicing and
 * repeating one string instead of escaping megabytes per line. Cuts fall on line boundaries,
 * so an escape sequence is never split.
 */
export class TextPool {
  /** All lines escaped, each followed by an escaped newline. */
  readonly escaped: string;
  /** Offsets in `escaped` where each line starts, plus the total length. */
  private readonly lineStarts: number[];

  constructor(lines: readonly string[]) {
    const parts: string[] = [];
    this.lineStarts = [];
    let offset = 0;
    for (const line of lines) {
      this.lineStarts.push(offset);
      const part = `${escapeBody(line)}\\n`;
      parts.push(part);
      offset += part.length;
    }
    this.lineStarts.push(offset);
    this.escaped = parts.join('');
  }

  /** About `approxChars` escaped characters of consecutive lines, wrapping around as needed. */
  take(rng: Rng, approxChars: number): string {
    const total = this.escaped.length;
    const lineCount = this.lineStarts.length - 1;
    const start = this.lineStarts[rng.int(0, lineCount - 1)];
    const wanted = Math.max(1, Math.round(approxChars));
    if (start + wanted <= total) return this.escaped.slice(start, this.boundaryAtOrAfter(start + wanted));
    const firstPart = this.escaped.slice(start);
    let remaining = wanted - firstPart.length;
    const wholeCopies = Math.floor(remaining / total);
    remaining -= wholeCopies * total;
    return firstPart + this.escaped.repeat(wholeCopies) + this.escaped.slice(0, this.boundaryAtOrAfter(remaining));
  }

  private boundaryAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.lineStarts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return this.lineStarts[low];
  }
}
