import { open } from 'node:fs/promises';
import type { CanonicalEvent } from '../../core/event.js';
import type { Scope } from '../../core/scope.js';
import type { Store } from '../../store/store.js';
import { NotFound } from './errors.js';

/** The most we read of one source line. */
export const MAX_RAW_LINE_BYTES = 5 * 1024 * 1024;
const READ_CHUNK = 64 * 1024;

/** A transcript line read back from its file. */
export interface RawLine {
  path: string;
  offset: number;
  /** the parsed JSON line, or null when it could not be read */
  line: unknown;
  /** why `line` is null: the file is gone, the line is over 5 MB, or it is no longer JSON */
  problem: string | null;
}

export interface EventPayload {
  event: CanonicalEvent;
  /** the line the event came from (for tool calls: the tool_use line) */
  source: RawLine | null;
  /** for tool calls: the tool_result line */
  result: RawLine | null;
}

/**
 * One stored event with its full payload: for transcript events, the original JSON line(s) read from
 * the file at the stored offset. Only `.jsonl` files of the transcript source are read.
 */
export async function eventPayload(store: Store, scope: Scope, id: string): Promise<EventPayload> {
  const event = await store.getEvent(scope, id);
  if (!event) throw new NotFound(`no event '${id}'`);
  const readable = event.source === 'transcript' && typeof event.sourcePath === 'string' && event.sourcePath.endsWith('.jsonl');
  if (!readable || event.sourceOffset == null) return { event, source: null, result: null };
  const path = event.sourcePath!;
  const resultOffset = event.attrs?.resultOffset;
  return {
    event,
    source: await readLineAt(path, event.sourceOffset),
    result: typeof resultOffset === 'number' && resultOffset !== event.sourceOffset ? await readLineAt(path, resultOffset) : null,
  };
}

/** Reads the line starting at `offset`, up to its newline, at most MAX_RAW_LINE_BYTES. */
export async function readLineAt(path: string, offset: number): Promise<RawLine> {
  const raw = (line: unknown, problem: string | null): RawLine => ({ path, offset, line, problem });
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return raw(null, 'the source file is gone');
  }
  try {
    const chunks: Buffer[] = [];
    let length = 0;
    while (length < MAX_RAW_LINE_BYTES) {
      const buffer = Buffer.alloc(Math.min(READ_CHUNK, MAX_RAW_LINE_BYTES - length));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, offset + length);
      if (bytesRead === 0) break;
      const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
      chunks.push(buffer.subarray(0, newline === -1 ? bytesRead : newline));
      length += newline === -1 ? bytesRead : newline;
      if (newline !== -1) return parsed(raw, Buffer.concat(chunks));
    }
    if (length >= MAX_RAW_LINE_BYTES) return raw(null, `the line is larger than ${MAX_RAW_LINE_BYTES} bytes`);
    return parsed(raw, Buffer.concat(chunks));
  } finally {
    await file.close();
  }
}

function parsed(raw: (line: unknown, problem: string | null) => RawLine, bytes: Buffer): RawLine {
  try {
    const line = JSON.parse(bytes.toString('utf8'));
    return line && typeof line === 'object' ? raw(line, null) : raw(null, 'the file changed: no JSON object at this offset');
  } catch {
    return raw(null, 'the file changed: no JSON object at this offset');
  }
}
