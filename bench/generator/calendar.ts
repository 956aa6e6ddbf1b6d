import type { Rng } from './rng.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The simulated developer works in UTC+2; ccusage floors blocks to UTC hours, so this shifts them. */
const UTC_OFFSET_HOURS = 2;

/**
 * Session start times over `days` days with a working rhythm: most weekends and a few weekdays
 * off, starts clustered in the morning and afternoon, a few in the evening. Nights and days off
 * leave the multi-hour gaps that make ccusage insert gap blocks. Sorted ascending.
 */
export function sessionStartTimes(count: number, startMs: number, days: number, rng: Rng): number[] {
  const dayWeights = workdayWeights(startMs, days, rng);
  const totalWeight = dayWeights.reduce((sum, weight) => sum + weight, 0);
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    let roll = rng.float() * totalWeight;
    let day = 0;
    while (day < days - 1 && roll >= dayWeights[day]) roll -= dayWeights[day++];
    starts.push(startMs + day * DAY + (localStartHour(rng) - UTC_OFFSET_HOURS) * HOUR);
  }
  return starts.sort((a, b) => a - b);
}

function workdayWeights(startMs: number, days: number, rng: Rng): number[] {
  const weights: number[] = [];
  for (let day = 0; day < days; day++) {
    const weekday = new Date(startMs + day * DAY).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const off = rng.chance(weekend ? 0.8 : 0.08);
    weights.push(off ? 0 : weekend ? 0.3 : 0.5 + rng.float());
  }
  if (!weights.some((weight) => weight > 0)) weights[0] = 1;
  return weights;
}

/** Local hour (fractional) at which a session starts. */
function localStartHour(rng: Rng): number {
  const period = rng.weighted<'morning' | 'afternoon' | 'evening'>([
    ['morning', 45],
    ['afternoon', 45],
    ['evening', 10],
  ]);
  if (period === 'morning') return 8.5 + rng.float() * 3.5;
  if (period === 'afternoon') return 13.5 + rng.float() * 5;
  return 20 + rng.float() * 3;
}
