/** Number and cost formatting for report tables. */

/** 1234567 → "1,234,567" */
export function formatTokens(count: number): string {
  return Math.round(count).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1234.5 → "$1,234.50" (two decimals, as ccusage's tables) */
export function formatUsd(cost: number): string {
  const [whole, cents] = cost.toFixed(2).split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** "claude-haiku-4-5-20251001" → "haiku-4-5": the short names ccusage prints in tables. */
export function shortModelName(model: string): string {
  const match = /^claude-(.+?)(?:-\d{8})?$/.exec(model);
  return match ? match[1] : model;
}

/** 5_400_000 → "1h 30m"; 600_000 → "10m" */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}h ${minutes % 60}m` : `${minutes}m`;
}

/** "YYYY-MM-DD HH:MM" of an instant in a zone */
export function formatLocalTime(ms: number, zone: string): string {
  const parts: Record<string, string> = {};
  const formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const part of formatter.formatToParts(ms)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
