import { histogramPercentile, type BinCount } from '../../store/rollups/histogram.js';
import { toNumber } from '../../store/sql/rows.js';
import { round, type DurationStats } from './sql.js';

/**
 * Duration statistics from roll-up histogram rows (store/rollups/histogram.ts): the mean is exact,
 * p50/p95/p99 are within a factor 2^(1/16) (< 4.4 %) of the exact percentiles. Rows of one group
 * come as (bin, count, sum); bin null = no value (pending call, unmeasured latency).
 */
export class HistogramGroup {
  readonly bins: BinCount[] = [];
  /** rows counted, with and without a value */
  count = 0;
  /** rows with a value, and the sum of their values */
  measured = 0;
  sum = 0;

  add(bin: unknown, count: number, sum: number): void {
    this.count += count;
    if (bin === null || bin === undefined) return;
    const value = toNumber(bin);
    const same = this.bins.find((b) => b.bin === value);
    if (same) same.count += count;
    else this.bins.push({ bin: value, count });
    this.measured += count;
    this.sum += sum;
  }

  stats(): DurationStats {
    const at = (p: number) => {
      const value = histogramPercentile(this.bins, p);
      return value === null ? null : round(value, 1);
    };
    return { mean: this.measured ? round(this.sum / this.measured, 1) : null, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
}

/** JavaScript's order of two names (the byte order of the stores' `COLLATE "C"` for all but astral characters). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
