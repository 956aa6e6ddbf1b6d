import type { CanonicalEvent } from '../../core/event.js';
import type { FileCheckpoint } from '../../store/store.js';
import { lineToEvents, type FileContext } from './line-events.js';
import { readCompleteLines } from './file-reader.js';
import { decodeElided } from './elide.js';

/** Record types that never yield events: skipped without a JSON parse (they can be megabytes). */
const SKIPPED_TYPES = new Set([
  'file-history-snapshot',
  'queue-operation',
  'permission-mode',
  'attachment',
  'progress',
  'last-prompt',
  'agent-setting',
  'agent-name',
  'pr-link',
  'turn_end',
]);
const TYPE_MARKER = Buffer.from('"type":"');
const TYPE_SCAN_BYTES = 1024;
/** Lines longer than this have their long strings cut before parsing (we keep excerpts only). */
const ELIDE_LINES_OVER = 4 * 1024;
/** Bytes kept of a cut string: more than a tool excerpt keeps (prompts keep more, see below). */
const KEEP_STRING_BYTES = 1100;

export interface FileTask {
  path: string;
  offset: number;
  /** file size when discovered */
  size: number;
  ino: number;
  mtimeMs: number;
  malformedSoFar: number;
}

export interface ParsedChunk {
  events: CanonicalEvent[];
  checkpoint: FileCheckpoint;
  bytes: number;
  lines: number;
  malformed: number;
}

/**
 * Parse a transcript from its checkpoint to its last complete line, handing over events chunk by
 * chunk, each chunk with the checkpoint it reaches (so a store can commit both atomically).
 */
export function parseTranscriptFile(task: FileTask, ctx: FileContext, emit: (chunk: ParsedChunk) => void): void {
  let events: CanonicalEvent[] = [];
  let lines = 0;
  let malformed = 0;
  let totalMalformed = task.malformedSoFar;
  let lastOffset = task.offset;
  let size = 0;
  const flush = (offset: number) => {
    totalMalformed += malformed;
    emit({
      events,
      checkpoint: { path: task.path, offset, size: Math.max(size, offset), mtimeMs: task.mtimeMs, ino: task.ino, malformedLines: totalMalformed, updatedAt: Date.now() },
      bytes: offset - lastOffset,
      lines,
      malformed,
    });
    events = [];
    lines = 0;
    malformed = 0;
    lastOffset = offset;
  };
  const result = readCompleteLines(task.path, task.offset, {
    line(buffer, start, end, offset) {
      if (end === start) return;
      lines++;
      if (isSkippedType(buffer, start, end)) {
        // not parsed, but a line cut short still shows: a JSON object ends with '}'
        if (buffer[end - 1] !== 125) malformed++;
        return;
      }
      // latin1 is a byte-for-byte decode, several times faster than UTF-8 on big lines; JSON's
      // structure is ASCII so parsing is unaffected, and the few strings we keep are re-decoded.
      const before = events.length;
      const elide = end - start > ELIDE_LINES_OVER;
      const text = elide ? decodeElided(buffer, start, end, KEEP_STRING_BYTES) : buffer.toString('latin1', start, end);
      if (lineToEvents(text, offset, ctx, events) === 'malformed') malformed++;
      if (elide && cutPrompt(events, before)) {
        // a long prompt keeps its full excerpt: parse this (rare) line again without cutting
        events.length = before;
        lineToEvents(buffer.toString('latin1', start, end), offset, ctx, events);
      }
      for (let i = before; i < events.length; i++) redecodeStrings(events[i]);
    },
    chunkDone(offset) {
      if (events.length >= 2000) flush(offset);
    },
    oversized() {
      malformed++;
    },
  });
  size = result.size;
  flush(result.offset);
}

function cutPrompt(events: CanonicalEvent[], from: number): boolean {
  for (let i = from; i < events.length; i++) if (events[i].kind === 'prompt' && (events[i].text?.length ?? 0) >= KEEP_STRING_BYTES) return true;
  return false;
}

const NON_ASCII = /[\x80-\xff]/;
const BEYOND_LATIN1 = /[^\x00-\xff]/;

/** Turn latin1-decoded UTF-8 back into the text it was (only strings we keep, only when needed). */
export function utf8FromLatin1(value: string): string {
  if (!NON_ASCII.test(value) || BEYOND_LATIN1.test(value)) return value;
  return Buffer.from(value, 'latin1').toString('utf8');
}

function redecodeStrings(event: CanonicalEvent): void {
  if (event.text) event.text = utf8FromLatin1(event.text);
  const attrs = event.attrs;
  if (!attrs) return;
  for (const key in attrs) {
    const value = attrs[key];
    if (typeof value === 'string') attrs[key] = utf8FromLatin1(value);
  }
}

function isSkippedType(buffer: Buffer, start: number, end: number): boolean {
  const window = buffer.subarray(start, Math.min(end, start + TYPE_SCAN_BYTES));
  const at = window.indexOf(TYPE_MARKER);
  if (at === -1) return false;
  const valueStart = start + at + TYPE_MARKER.length;
  const valueEnd = buffer.indexOf(34, valueStart);
  if (valueEnd === -1 || valueEnd > end || valueEnd - valueStart > 40) return false;
  return SKIPPED_TYPES.has(buffer.toString('latin1', valueStart, valueEnd));
}
