/**
 * Latency histograms per key (endpoint) per event-time second, in a ring of `slots` seconds.
 * Percentiles over a window merge the seconds' histograms; memory is keys x slots x buckets x 4 B.
 */
import { createLogBuckets, type LogBuckets, quantileOf } from "./log-buckets";

export interface LatencyRing {
  add(key: number, second: number, latencyMs: number): void;
  /** Quantiles over seconds [from, to); NaN where there were no samples. */
  quantiles(key: number, from: number, to: number, qs: readonly number[]): number[];
}

/** @param slots seconds kept (default 64, enough for one-minute percentiles plus grace) */
export function createLatencyRing({
  keys = 16,
  slots = 64,
  buckets = createLogBuckets(),
}: {
  keys?: number;
  slots?: number;
  buckets?: LogBuckets;
} = {}): LatencyRing {
  const B = buckets.count;
  let cap = keys;
  let hist = new Uint32Array(cap * slots * B);
  const slotSecond = new Float64Array(cap * slots).fill(Number.NEGATIVE_INFINITY);
  let secondTag = slotSecond;
  const merged = new Float64Array(B);

  const grow = (needed: number) => {
    let next = cap;
    while (next <= needed) next *= 2;
    const h = new Uint32Array(next * slots * B);
    h.set(hist);
    const tags = new Float64Array(next * slots).fill(Number.NEGATIVE_INFINITY);
    tags.set(secondTag);
    hist = h;
    secondTag = tags;
    cap = next;
  };

  return {
    add(key, second, latencyMs) {
      if (key >= cap) grow(key);
      const slot = key * slots + (((second % slots) + slots) % slots);
      const held = secondTag[slot]!;
      if (held !== second) {
        if (second < held) return;
        hist.fill(0, slot * B, slot * B + B);
        secondTag[slot] = second;
      }
      hist[slot * B + buckets.index(latencyMs)]! += 1;
    },
    quantiles(key, from, to, qs) {
      merged.fill(0);
      if (key < cap) {
        for (let sec = Math.max(from, to - slots); sec < to; sec++) {
          const slot = key * slots + (((sec % slots) + slots) % slots);
          if (secondTag[slot] !== sec) continue;
          const base = slot * B;
          for (let i = 0; i < B; i++) merged[i]! += hist[base + i]!;
        }
      }
      return qs.map((q) => quantileOf(merged, buckets, q));
    },
  };
}
