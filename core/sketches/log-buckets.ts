/**
 * DDSketch-style log buckets: a value v > min maps to bucket ceil(log_gamma(v / min)), so any
 * quantile read back is within `relativeAccuracy` of the true value. Fixed bucket count, so
 * memory is constant and sketches merge by adding counts.
 */
export interface LogBuckets {
  readonly count: number;
  index(value: number): number;
  /** The value a bucket stands for (within relative accuracy of every value in it). */
  value(index: number): number;
}

/**
 * @param relativeAccuracy default 0.01 (1 %)
 * @param min smallest distinguished value (default 0.1 ms); smaller values share bucket 0
 * @param max largest distinguished value (default 600 000 ms); larger values share the last bucket
 */
export function createLogBuckets({
  relativeAccuracy = 0.01,
  min = 0.1,
  max = 600_000,
}: {
  relativeAccuracy?: number;
  min?: number;
  max?: number;
} = {}): LogBuckets {
  const gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
  const logGamma = Math.log(gamma);
  const count = Math.ceil(Math.log(max / min) / logGamma) + 2;
  return {
    count,
    index(v) {
      if (!(v > min)) return 0;
      const i = Math.ceil(Math.log(v / min) / logGamma);
      return i >= count ? count - 1 : i;
    },
    value(i) {
      if (i <= 0) return min;
      // Midpoint (in relative terms) of (min*gamma^(i-1), min*gamma^i].
      return (min * 2 * gamma ** i) / (gamma + 1);
    },
  };
}

/** Quantile `q` in [0,1] (nearest rank) of the counts in `hist` (length = buckets.count); NaN when empty. */
export function quantileOf(hist: ArrayLike<number>, buckets: LogBuckets, q: number): number {
  let total = 0;
  for (let i = 0; i < buckets.count; i++) total += hist[i]!;
  if (total === 0) return Number.NaN;
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  const rank = Math.max(0, Math.ceil(q * total) - 1);
  let seen = 0;
  for (let i = 0; i < buckets.count; i++) {
    seen += hist[i]!;
    if (seen > rank) return buckets.value(i);
  }
  return buckets.value(buckets.count - 1);
}
