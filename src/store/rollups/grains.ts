/**
 * Time grains of the roll-up tables and the planner that splits a read's range over them.
 *
 * A roll-up row covers one bucket of one grain: [bucket + offset, bucket + offset + ms). Reads take
 * whole buckets of the coarsest grain that fits, finer grains toward the ends, and the two edges no
 * bucket covers (a range need not start on a quarter hour) straight from the source rows, so every
 * answer is exact for any [from, to).
 */
export interface Grain {
  /** value of the `grain` column of tiered tables */
  name: string;
  ms: number;
}

export const MINUTE_MS = 60_000;
export const QUARTER_MS = 15 * MINUTE_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const QUARTER: Grain = { name: 'q', ms: QUARTER_MS };
export const HOUR: Grain = { name: 'h', ms: HOUR_MS };
export const DAY: Grain = { name: 'd', ms: DAY_MS };
/** Per-minute usage entries; they cover (k·60 s, (k+1)·60 s], i.e. offset 1 ms (see UsageEntryRow). */
export const MINUTE: Grain = { name: 'm', ms: MINUTE_MS };

/** Bucket keys [from, to) of one grain, read from the roll-up table. */
export interface TierSpan {
  grain: Grain;
  from: number;
  to: number;
}

export interface RangePlan {
  /** in time order */
  tiers: TierSpan[];
  /** [from, to) ranges of event time no whole bucket covers: read from the source */
  edges: Array<[number, number]>;
}

const floorTo = (x: number, m: number) => x - (((x % m) + m) % m);
const ceilTo = (x: number, m: number) => (floorTo(x, m) === x ? x : floorTo(x, m) + m);

/**
 * Splits [from, to) into whole buckets of `grains` (finest first, each a multiple of the one before)
 * and uncovered edges. `offset` shifts bucket boundaries: key k covers [k + offset, k + offset + ms).
 * @example planRange(10, 3_600_000 * 2 + 5, [QUARTER, HOUR]) // quarters 900000..3600000, hour 3600000, edges [10, 900000], [7200000, 7200005]
 */
export function planRange(from: number, to: number, grains: readonly Grain[], offset = 0): RangePlan {
  const lo = ceilTo(from - offset, grains[0].ms);
  const hi = floorTo(to - offset, grains[0].ms);
  if (lo >= hi) return { tiers: [], edges: from < to ? [[from, to]] : [] };
  const edges: Array<[number, number]> = [];
  if (from < lo + offset) edges.push([from, lo + offset]);
  if (hi + offset < to) edges.push([hi + offset, to]);
  const tiers: TierSpan[] = [];
  cover(lo, hi, grains, 0, tiers);
  return { tiers: tiers.sort((a, b) => a.from - b.from), edges };
}

function cover(lo: number, hi: number, grains: readonly Grain[], i: number, out: TierSpan[]): void {
  const coarser = grains[i + 1];
  const l2 = coarser ? ceilTo(lo, coarser.ms) : lo;
  const h2 = coarser ? floorTo(hi, coarser.ms) : lo;
  if (!coarser || l2 >= h2) {
    out.push({ grain: grains[i], from: lo, to: hi });
    return;
  }
  if (lo < l2) out.push({ grain: grains[i], from: lo, to: l2 });
  if (h2 < hi) out.push({ grain: grains[i], from: h2, to: hi });
  cover(l2, h2, grains, i + 1, out);
}
