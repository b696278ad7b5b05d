/**
 * Random variates drawn from an {@link Rng}: integers, normals, exponentials and Poisson counts.
 * Each consumes a deterministic amount of randomness given its inputs and the stream.
 */
import type { Rng } from "./rng";

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Standard normal (Box-Muller, one of the pair). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Exponential with the given mean. */
export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng.next());
}

/** Log-normal with the given median and shape `sigma` (the sd of the log). */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Pareto with scale `xm` and tail index `alpha` (smaller alpha: heavier tail). */
export function pareto(rng: Rng, xm: number, alpha: number): number {
  return xm / (1 - rng.next()) ** (1 / alpha);
}

const logFactTable: number[] = [0];
for (let k = 1; k < 256; k++) logFactTable[k] = logFactTable[k - 1]! + Math.log(k);

/** ln(k!) exactly for small k, Stirling's series above. */
export function logFactorial(k: number): number {
  if (k < 256) return logFactTable[k]!;
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/**
 * A Poisson count with mean `lambda`. Inversion by multiplication below 10, Hörmann's PTRS
 * (transformed rejection with squeeze) above, so large means cost O(1).
 */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lambda + k * loglam - logFactorial(k)
    )
      return k;
  }
}
