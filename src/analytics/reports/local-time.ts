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
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** `YYYY-MM-DD` of an instant in a zone. */
export function localDate(ms: number, zone: string): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatterFor(zone).formatToParts(ms)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

/**
 * Local dates of 15-minute buckets, memoised: every real zone offset is a multiple of 15 minutes,
 * so a whole bucket always falls on one local date and one lookup per bucket is exact.
 */
export class LocalCalendar {
  private readonly dates = new Map<number, string>();
  constructor(readonly zone: string) {}

  dateOf(ms: number): string {
    let date = this.dates.get(ms);
    if (date === undefined) {
      date = localDate(ms, this.zone);
      this.dates.set(ms, date);
    }
    return date;
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
