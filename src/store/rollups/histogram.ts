/**
 * Log-scale duration histograms: percentiles from roll-ups without keeping every value.
 *
 * A value v ≥ 1 ms falls in bin k = floor(8·log2 v), i.e. [2^(k/8), 2^((k+1)/8)); 0 has a bin of its
 * own (-1). Every value of bin k is read back as the bin's geometric middle 2^((k+½)/8), at most a
 * factor 2^(1/16) from any value in the bin. A percentile interpolates between two such estimates
 * exactly as quantile_cont does between the true values, so it is within a factor 2^(1/16) of the
 * exact percentile: relative error < 4.4 %. Means stay exact (sums and counts are kept).
 */

export const BINS_PER_OCTAVE = 8;

/** The relative error bound of histogram percentiles: 2^(1/16) − 1. */
export const PERCENTILE_ERROR = 2 ** (1 / (2 * BINS_PER_OCTAVE)) - 1;

/** SQL: the bin of a non-negative integer expression (NULL stays NULL). Same in both dialects. */
export function binSql(expr: string): string {
  return `CASE WHEN (${expr}) IS NULL THEN NULL WHEN (${expr}) < 1 THEN -1
    ELSE CAST(floor(ln(CAST((${expr}) AS FLOAT8)) * ${BINS_PER_OCTAVE} / ln(2.0)) AS INTEGER) END`;
}

/** The value a bin stands for. */
export function binValue(bin: number): number {
  return bin < 0 ? 0 : 2 ** ((bin + 0.5) / BINS_PER_OCTAVE);
}

/** The least value of a bin, rounded down with a margin for the float arithmetic that chose it. */
export function binFloor(bin: number): number {
  return bin < 0 ? 0 : Math.max(0, Math.floor(2 ** (bin / BINS_PER_OCTAVE) * (1 - 1e-9)) - 1);
}

/** A value the `n` largest values all reach (0 when there are fewer): a cheap prefilter for a top-n. */
export function topFloor(bins: readonly BinCount[], n: number): number {
  let seen = 0;
  for (const b of [...bins].sort((x, y) => y.bin - x.bin)) {
    seen += b.count;
    if (seen >= n) return binFloor(b.bin);
  }
  return 0;
}

/** One bin's count. */
export interface BinCount {
  bin: number;
  count: number;
}

/**
 * The continuous percentile p (0..1) of the histogram, interpolated between neighbouring ranks as
 * quantile_cont / percentile_cont do; null when empty.
 */
export function histogramPercentile(bins: readonly BinCount[], p: number): number | null {
  const sorted = [...bins].filter((b) => b.count > 0).sort((a, b) => a.bin - b.bin);
  const total = sorted.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  const low = valueAtRank(sorted, Math.floor(rank));
  const high = valueAtRank(sorted, Math.ceil(rank));
  return low + (high - low) * (rank - Math.floor(rank));
}

/** The estimate of the value at 0-based rank `rank`. */
function valueAtRank(sorted: readonly BinCount[], rank: number): number {
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (rank < seen) return binValue(b.bin);
  }
  return binValue(sorted[sorted.length - 1].bin);
}
