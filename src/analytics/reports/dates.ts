/** `--since` / `--until` values: ccusage accepts YYYYMMDD and YYYY-MM-DD. */
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DASHED = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Normalise a date flag to `YYYY-MM-DD`; throws on anything else or on an impossible date.
 * @example parseDateFlag('20260304') // '2026-03-04'
 */
export function parseDateFlag(value: string, flag = 'date'): string {
  const match = COMPACT.exec(value) ?? DASHED.exec(value);
  if (match) {
    const [, year, month, day] = match;
    const iso = `${year}-${month}-${day}`;
    const parsed = new Date(`${iso}T00:00:00Z`);
    if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso) return iso;
  }
  throw new RangeError(`invalid value for --${flag} '${value}': expected YYYY-MM-DD or YYYYMMDD`);
}

/** Epoch ms of 00:00 UTC on a `YYYY-MM-DD` date. */
export function utcMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export const DAY_MS = 86_400_000;
