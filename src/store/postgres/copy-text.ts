import type { CanonicalEvent } from '../../core/event.js';
import { EVENT_COLUMNS, type ColumnType } from '../sql/columns.js';

/**
 * Events as COPY text-format rows (tab-separated, `\N` for null, backslash escapes).
 * PostgreSQL refuses NUL characters in text and lone UTF-16 surrogates inside JSONB, which a
 * transcript can contain; both become U+FFFD here rather than failing the whole batch.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const COPY_SPECIAL = /[\\\t\n\r\0]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\uFFFD' };

const NEEDS_ESCAPE = /[\\\t\n\r\0]/;

function escapeCopy(text: string): string {
  // most values need no escaping; testing first skips the replace and its callback
  return NEEDS_ESCAPE.test(text) ? text.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c]) : text;
}

function cleanJsonString(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(/\0/g, '\uFFFD');
}

// JSON.stringify writes NUL and lone surrogates (and only those of interest here) as \u escapes
const REFUSED_ESCAPE = /\\u(?:0000|d[89a-f])/i;

function jsonText(value: unknown): string {
  const json = JSON.stringify(value);
  if (!REFUSED_ESCAPE.test(json)) return json;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? cleanJsonString(v) : v));
}

const ENCODE_BY_TYPE: Record<ColumnType, (value: unknown) => string> = {
  text: (v) => escapeCopy(v as string),
  bigint: (v) => String(v),
  double: (v) => String(v),
  bool: (v) => (v ? 't' : 'f'),
  json: (v) => escapeCopy(jsonText(v)),
};

const FIELDS = EVENT_COLUMNS.map((c) => c.field);
const ENCODERS = EVENT_COLUMNS.map((c) => ENCODE_BY_TYPE[c.type]);

export function copyRow(event: CanonicalEvent): string {
  const record = event as Record<string, unknown>;
  let line = '';
  for (let i = 0; i < FIELDS.length; i++) {
    const value = record[FIELDS[i]];
    if (i > 0) line += '\t';
    line += value === null || value === undefined ? '\\N' : ENCODERS[i](value);
  }
  return line + '\n';
}

/** COPY input in chunks of about `chunkChars` characters, so a batch never sits in memory twice. */
export function* copyChunks(events: readonly CanonicalEvent[], chunkChars = 1 << 20): Generator<string> {
  let chunk = '';
  for (const event of events) {
    chunk += copyRow(event);
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
