import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Lines are read in chunks of this size; one line longer than this grows the buffer for that line only. */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** A single line larger than this is skipped and counted malformed rather than held in memory. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

export interface LineSink {
  /** one complete line (without its newline), at byte `offset` of the file */
  line(buffer: Buffer, start: number, end: number, offset: number): void;
  /** everything before `offset` has been handed over; a good moment to flush */
  chunkDone(offset: number): void;
  /** a line too long to keep */
  oversized(offset: number, length: number): void;
}

/**
 * Read a file from `fromOffset` to its end, handing over complete lines only: a partial last
 * line (a writer still appending) is left for the next run. Returns the offset consumed to.
 * Synchronous on purpose: it runs in a worker thread, where blocking reads are the fastest path.
 */
export function readCompleteLines(path: string, fromOffset: number, sink: LineSink): { offset: number; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let buffer: Buffer = chunkBuffer();
    let filled = 0; // bytes in buffer not yet handed over, starting at file offset `bufferOffset`
    let bufferOffset = fromOffset;
    let position = fromOffset;
    let skippingUntilNewline = false;
    let skipStart = 0;
    for (;;) {
      if (filled === buffer.length) buffer = grow(buffer, filled);
      const read = readSync(fd, buffer, filled, buffer.length - filled, position);
      if (read === 0) break;
      position += read;
      const end = filled + read;
      // search only the bytes just read: past them lies stale data from an earlier chunk
      const valid = buffer.subarray(0, end);
      let start = 0;
      let newline = valid.indexOf(10, filled);
      while (newline !== -1) {
        if (skippingUntilNewline) skippingUntilNewline = false;
        else sink.line(buffer, start, trimCr(buffer, start, newline), bufferOffset + start);
        start = newline + 1;
        newline = valid.indexOf(10, start);
      }
      bufferOffset += start;
      filled = end - start;
      if (start > 0) {
        buffer.copyWithin(0, start, end);
        sink.chunkDone(bufferOffset);
      } else if (filled >= MAX_LINE_BYTES) {
        if (!skippingUntilNewline) sink.oversized(bufferOffset, filled);
        if (!skippingUntilNewline) skipStart = bufferOffset;
        skippingUntilNewline = true;
        bufferOffset += filled;
        filled = 0;
      }
    }
    // an oversized line still unterminated at EOF is a partial line: leave it for next time
    return { offset: skippingUntilNewline ? skipStart : bufferOffset, size };
  } finally {
    closeSync(fd);
  }
}

let sharedChunk: Buffer | null = null;

/** One chunk buffer per thread, reused across files (reads are synchronous, so never shared at once). */
function chunkBuffer(): Buffer {
  sharedChunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
  return sharedChunk;
}

function trimCr(buffer: Buffer, start: number, end: number): number {
  return end > start && buffer[end - 1] === 13 ? end - 1 : end;
}

function grow(buffer: Buffer, keep: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_LINE_BYTES + CHUNK_BYTES));
  buffer.copy(bigger, 0, 0, keep);
  return bigger;
}
