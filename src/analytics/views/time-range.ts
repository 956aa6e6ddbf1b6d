import { InvalidFilter } from './errors.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_RANGE_MS = 7 * DAY_MS;
/** A wider range is refused: no view needs more, and it bounds every scan. */
export const MAX_RANGE_DAYS = 400;
/** Ranges up to this long are charted by the hour, longer ones by the day. */
export const HOURLY_UP_TO_MS = 3 * DAY_MS;

/** A half-open time range [from, to) in epoch ms UTC. */
export interface TimeRange {
  from: number;
  to: number;
}

/** `2026-03-04T10:00:00Z`, `2026-03-04` or epoch ms (`1772618400000`) → epoch ms; throws InvalidFilter naming `field`. */
export function parseInstant(value: string, field: string): number {
  const trimmed = value.trim();
  const ms = /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  if (!Number.isFinite(ms) || ms < 0) throw new InvalidFilter(field, `${field} must be an ISO date/time or epoch milliseconds, got '${value}'`);
  return ms;
}

/** Default ranges end on a quarter hour: the roll-ups' bucket, so a default request reads no events at all. */
const DEFAULT_END_STEP_MS = 15 * 60_000;

/**
 * The range a view covers: default the last 7 days up to now, ending at the end of the current quarter
 * hour (nothing is stored after now, so that is the same data, and whole roll-up buckets answer it);
 * `to` alone means the 7 days before it.
 * @example resolveTimeRange({ from: '2026-03-01', to: '2026-03-08' }, now) // { from: 1772323200000, to: 1772928000000 }
 */
export function resolveTimeRange(input: { from?: string; to?: string }, now = Date.now()): TimeRange {
  const to = input.to !== undefined ? parseInstant(input.to, 'to') : now - (now % DEFAULT_END_STEP_MS) + DEFAULT_END_STEP_MS;
  const from = input.from !== undefined ? parseInstant(input.from, 'from') : to - DEFAULT_RANGE_MS;
  if (to < from) throw new InvalidFilter('to', `to (${new Date(to).toISOString()}) is before from (${new Date(from).toISOString()})`);
  if (to - from > MAX_RANGE_DAYS * DAY_MS) throw new InvalidFilter('from', `the range may span at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

/** The period of equal length just before `range`, for "change against the previous period". */
export function previousRange(range: TimeRange): TimeRange {
  return { from: range.from - (range.to - range.from), to: range.from };
}

/** Chart bucket width for a range: hours for short ranges, days otherwise (UTC). */
export function bucketFor(range: TimeRange): { name: 'hour' | 'day'; ms: number } {
  return range.to - range.from <= HOURLY_UP_TO_MS ? { name: 'hour', ms: HOUR_MS } : { name: 'day', ms: DAY_MS };
}

/** Every bucket start covering the range, so charts get zeros rather than holes. */
export function bucketStarts(range: TimeRange, bucketMs: number): number[] {
  const starts: number[] = [];
  for (let t = range.from - (range.from % bucketMs); t < range.to; t += bucketMs) starts.push(t);
  return starts;
}
