import { useMemo } from 'react';
import { useRefresh } from './refresh';
import { useQueryParams } from './router';

/** The page's time range, from the URL: `range=24h` (a preset ending now) or `from`/`to` (ISO, custom). */
export const PRESETS = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
  { id: '90d', label: 'Last 90 days', ms: 90 * 86_400_000 },
  { id: '365d', label: 'Last 365 days', ms: 365 * 86_400_000 },
] as const;

export const DEFAULT_PRESET = '7d';
const QUARTER_MS = 15 * 60_000;

export interface TimeRange {
  from: number;
  to: number;
  /** the preset id, or 'custom' */
  preset: string;
  label: string;
  /** the API's `from`/`to` parameters */
  params: { from: string; to: string };
}

export function resolveRange(search: URLSearchParams, now: number): TimeRange {
  const from = Date.parse(search.get('from') ?? '');
  const to = Date.parse(search.get('to') ?? '');
  if (Number.isFinite(from) && Number.isFinite(to) && to > from) {
    return { from, to, preset: 'custom', label: `${new Date(from).toLocaleString()} – ${new Date(to).toLocaleString()}`, params: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } };
  }
  const preset = PRESETS.find((p) => p.id === search.get('range')) ?? PRESETS.find((p) => p.id === DEFAULT_PRESET)!;
  // Presets end on the next quarter hour, the roll-ups' finest bucket: whole buckets need no scan of
  // events for the range's edges (as the API's default range), and URLs stay stable between renders.
  const end = Math.ceil(now / QUARTER_MS) * QUARTER_MS;
  const start = end - preset.ms;
  return { from: start, to: end, preset: preset.id, label: preset.label, params: { from: new Date(start).toISOString(), to: new Date(end).toISOString() } };
}

/** The current range; a preset's end moves forward on every refresh tick. */
export function useTimeRange(): TimeRange {
  const [search] = useQueryParams();
  const { tick } = useRefresh();
  const key = `${search.get('range')}|${search.get('from')}|${search.get('to')}`;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => resolveRange(search, Date.now()), [key, tick]);
}
