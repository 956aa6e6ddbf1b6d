/** The full payload is kept on the event (attrs), bounded so one huge tool response cannot bloat a row. */
export const MAX_KEPT_PAYLOAD_CHARS = 16 * 1024;

const STRING_LIMITS = [4000, 1000, 200];

/**
 * The payload as it came when it fits in ~16 KB; else a copy whose long strings are clipped
 * (ever harder), marked `_truncated` with the original size; as a last resort only its top-level
 * scalar fields.
 */
export function boundedPayload(payload: Record<string, unknown>, maxChars = MAX_KEPT_PAYLOAD_CHARS): Record<string, unknown> {
  const size = JSON.stringify(payload).length;
  if (size <= maxChars) return payload;
  for (const limit of STRING_LIMITS) {
    const clipped = { ...(clipDeep(payload, limit, 0) as Record<string, unknown>), _truncated: true, _originalChars: size };
    if (JSON.stringify(clipped).length <= maxChars) return clipped;
  }
  const scalars: Record<string, unknown> = { _truncated: true, _originalChars: size };
  for (const [key, value] of Object.entries(payload)) {
    if (value === null || typeof value !== 'object') scalars[key] = typeof value === 'string' ? value.slice(0, 200) : value;
  }
  return scalars;
}

function clipDeep(value: unknown, limit: number, depth: number): unknown {
  if (typeof value === 'string') return value.length <= limit ? value : `${value.slice(0, limit)}... [${value.length} chars]`;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[nested too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, 50).map((item) => clipDeep(item, limit, depth + 1));
    if (value.length > 50) kept.push(`[${value.length - 50} more items]`);
    return kept;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = clipDeep(item, limit, depth + 1);
  return out;
}
