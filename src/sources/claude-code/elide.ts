const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Decode one JSON line (latin1, see file-parser) with every string longer than `keep` bytes cut to
 * its first `keep` bytes. Transcript lines can be megabytes of tool output of which we keep a short
 * excerpt; cutting before JSON.parse skips decoding and parsing the rest. Finding string ends costs
 * one native indexOf per quote character, and JSON escapes every quote inside a string, so the walk
 * never mistakes content for structure. A line with an unterminated string comes back cut short, for
 * JSON.parse to reject.
 */
export function decodeElided(buffer: Buffer, start: number, end: number, keep: number): string {
  const parts: string[] = [];
  let copyFrom = start;
  let open = buffer.indexOf(QUOTE, start);
  while (open !== -1 && open < end) {
    const close = closingQuote(buffer, open + 1, end);
    // unterminated string: the line is corrupt; hand JSON.parse something small to reject
    if (close === -1) return buffer.toString('latin1', start, Math.min(end, start + keep));
    if (close - open - 1 > keep) {
      parts.push(buffer.toString('latin1', copyFrom, safeCut(buffer, open + 1, open + 1 + keep)));
      copyFrom = close; // the closing quote starts the next copied part
    }
    open = buffer.indexOf(QUOTE, close + 1);
  }
  if (parts.length === 0) return buffer.toString('latin1', start, end);
  parts.push(buffer.toString('latin1', copyFrom, end));
  return parts.join('');
}

/** Index of the quote that ends a string whose content starts at `from`, or -1. */
function closingQuote(buffer: Buffer, from: number, end: number): number {
  let at = buffer.indexOf(QUOTE, from);
  while (at !== -1 && at < end) {
    if (!isEscaped(buffer, at, from)) return at;
    at = buffer.indexOf(QUOTE, at + 1);
  }
  return -1;
}

/** A character is escaped when an odd number of backslashes precede it. */
function isEscaped(buffer: Buffer, at: number, floor: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= floor && buffer[i] === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Move a cut back so it does not split an escape sequence (at most 6 bytes: \uXXXX). */
function safeCut(buffer: Buffer, floor: number, cut: number): number {
  for (let i = cut - 1; i >= Math.max(floor, cut - 6); i--) {
    if (buffer[i] === BACKSLASH && !isEscaped(buffer, i, floor)) return i;
  }
  return cut;
}
