/**
 * Walker/Vose alias tables: O(n) to build, O(1) per draw. The simulator picks a shop for every
 * order (millions per run) from 300,000 heavy-tailed weights, so a binary search would not do.
 */
import type { Rng } from "./rng";

export interface AliasTable {
  /** Number of outcomes (0..size-1). */
  readonly size: number;
  /** Draws an outcome with probability proportional to its weight. Uses two numbers from `rng`. */
  sample(rng: Rng): number;
}

/** Builds a table from non-negative weights with a positive sum. */
export function createAliasTable(weights: ArrayLike<number>): AliasTable {
  const n = weights.length;
  if (n === 0) throw new RangeError("alias table needs at least one weight");
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || !Number.isFinite(w))
      throw new RangeError(`weight ${i} is not a finite non-negative number`);
    total += w;
  }
  if (!(total > 0)) throw new RangeError("weights sum to zero");
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i]! * n) / total;
    if (scaled[i]! < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns]!;
    const l = large[--nl]!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    if (scaled[l]! < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  // What is left is 1 up to rounding error.
  while (nl > 0) prob[large[--nl]!] = 1;
  while (ns > 0) prob[small[--ns]!] = 1;
  return {
    size: n,
    sample(rng) {
      const i = Math.floor(rng.next() * n);
      return rng.next() < prob[i]! ? i : alias[i]!;
    },
  };
}
