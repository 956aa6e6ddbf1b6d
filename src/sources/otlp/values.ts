/**
 * Readers for OTLP values that work on both encodings: the proto3 JSON mapping (int64 as decimal
 * strings, ids as hex, enums as integers) and protobufjs-decoded messages (int64 as Long, bytes as
 * Uint8Array, unset oneof members as null). Decoders must accept numbers where strings are specified.
 */

/** protobufjs' 64-bit integer (from the `long` package), as far as we use it. */
interface LongLike {
  low: number;
  high: number;
  toNumber(): number;
}

export interface OtlpAnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: number | string | LongLike | null;
  doubleValue?: number | string | null;
  arrayValue?: { values?: OtlpAnyValue[] | null } | null;
  kvlistValue?: { values?: OtlpKeyValue[] | null } | null;
  bytesValue?: string | Uint8Array | null;
}

export interface OtlpKeyValue {
  key?: string | null;
  value?: OtlpAnyValue | null;
}

/** A flat view of an attribute list: plain JS values keyed by attribute name. */
export type Attributes = Record<string, unknown>;

function isLong(value: unknown): value is LongLike {
  return typeof value === 'object' && value !== null && typeof (value as LongLike).toNumber === 'function';
}

/** An int64/double in any encoding as a JS number; null when absent or not a number. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  if (isLong(value)) return value.toNumber();
  return null;
}

/** Unix nanoseconds (string, number or Long) → epoch ms; null for 0 / absent ("unset" in OTLP). */
export function nanosToMs(value: unknown): number | null {
  if (typeof value === 'string') {
    // decimal string: drop the last six digits instead of going through a lossy double
    if (!/^\d+$/.test(value)) return null;
    const ms = value.length > 6 ? Number(value.slice(0, -6)) : 0;
    return ms > 0 ? ms : null;
  }
  const nanos = toNumber(value);
  return nanos !== null && nanos > 0 ? Math.floor(nanos / 1e6) : null;
}

/** A stable text form of an int64 time, for ids. */
export function nanosKey(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isLong(value)) return String(value);
  return value == null ? '' : String(value);
}

/** trace/span ids: hex in JSON, bytes in protobuf; null when empty. */
export function idHex(value: unknown): string | null {
  if (typeof value === 'string') return value ? value.toLowerCase() : null;
  if (value instanceof Uint8Array) return value.length ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') : null;
  return null;
}

/** AnyValue → plain JS value (strings, numbers, booleans, arrays, objects). */
export function anyValue(value: OtlpAnyValue | null | undefined): unknown {
  if (!value) return null;
  if (value.stringValue != null) return value.stringValue;
  if (value.intValue != null) return toNumber(value.intValue);
  if (value.doubleValue != null) return toNumber(value.doubleValue);
  if (value.boolValue != null) return value.boolValue;
  if (value.arrayValue != null) return (value.arrayValue.values ?? []).map(anyValue);
  if (value.kvlistValue != null) return attributes(value.kvlistValue.values);
  if (value.bytesValue != null) return typeof value.bytesValue === 'string' ? value.bytesValue : Buffer.from(value.bytesValue).toString('base64');
  return null;
}

/** KeyValue[] → { key: value }. */
export function attributes(list: readonly OtlpKeyValue[] | null | undefined): Attributes {
  const out: Attributes = {};
  if (!list) return out;
  for (const kv of list) if (kv && typeof kv.key === 'string') out[kv.key] = anyValue(kv.value);
  return out;
}

/** A string attribute; numbers are given as text (ids sometimes arrive as ints). */
export function str(attrs: Attributes, key: string): string | null {
  const value = attrs[key];
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** A numeric attribute; numeric strings count (some exporters stringify). */
export function num(attrs: Attributes, key: string): number | null {
  return toNumber(attrs[key]);
}

/** A non-negative whole count, or null. Negative values pass through so validation can reject them. */
export function int(attrs: Attributes, key: string): number | null {
  const value = num(attrs, key);
  return value === null ? null : Math.round(value);
}

/** A boolean attribute; Claude Code sends some as "true"/"false". */
export function bool(attrs: Attributes, key: string): boolean | null {
  const value = attrs[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}
