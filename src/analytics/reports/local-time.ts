/**
 * Calendar arithmetic in a viewer's time zone. Reports bucket UTC instants into local days,
 * weeks and months the way ccusage does (`--timezone`, default: the system zone).
 */

/** The zone Intl resolves for this process; honours the TZ environment variable. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Throws a RangeError naming the zone when Intl does not know it. `local` means the system zone. */
export function resolveTimeZone(zone: string | undefined): string {
  if (zone === undefined || zone === '' || zone === 'local') return systemTimeZone();
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new RangeError(`unknown time zone '${zone}': expected an IANA name such as UTC or America/New_York, or 'local'`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Local wall-clock time minus UTC at an instant, in ms (e.g. +19_800_000 for Asia/Kolkata). */
export function zoneOffset(ms: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(ms)) {
    if (part.type !== 'literal' && part.type !== 'dayPeriod') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** `YYYY-MM-DD` of an instant in a zone. */
export function localDate(ms: number, zone: string): string {
  return new Date(ms + zoneOffset(ms, zone)).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/**
 * Local dates of instants in one zone, fast: Intl is asked for the offset at the two ends of each
 * UTC day, and only a day whose offset changes (a DST switch) is resolved instant by instant.
 */
export class LocalCalendar {
  private readonly dayOffsets = new Map<number, number | null>();
  constructor(readonly zone: string) {}

  dateOf(ms: number): string {
    const day = Math.floor(ms / DAY_MS);
    let offset = this.dayOffsets.get(day);
    if (offset === undefined) {
      const first = zoneOffset(day * DAY_MS, this.zone);
      offset = first === zoneOffset(day * DAY_MS + DAY_MS - 1, this.zone) ? first : null;
      this.dayOffsets.set(day, offset);
    }
    return new Date(ms + (offset ?? zoneOffset(ms, this.zone))).toISOString().slice(0, 10);
  }
}

/** The Monday that starts the ISO week holding `date` (ccusage 20's weekly period). */
export function weekStart(date: string): string {
  const dayMs = Date.parse(`${date}T00:00:00Z`);
  const mondayOffset = (new Date(dayMs).getUTCDay() + 6) % 7;
  return new Date(dayMs - mondayOffset * 86_400_000).toISOString().slice(0, 10);
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}
