/**
 * The order arrival curve: expected voucher orders created per second since launch. A launch
 * spike (people waiting for 10:00) decays within the first half hour into a daytime profile with
 * a lunch bump and a bigger afternoon-tea-to-evening hump. Two coefficients are solved so the
 * cumulative expectation is exactly 5,000,000 at hour 5 and 10,000,000 at hour 9 (scenario.md).
 */
import { poisson } from "./distributions";
import { createRng } from "./rng";

/** Cumulative orders the curve must reach: [seconds since launch, orders] at scale 1. */
export const orderTargets: ReadonlyArray<readonly [number, number]> = [
  [5 * 3600, 5_000_000],
  [9 * 3600, 10_000_000],
];

/** Local hour of day at launch (10:00 in the scenario); shapes the daytime profile. */
export const launchLocalHour = 10;

const gauss = (x: number, mu: number, sigma: number) => Math.exp(-0.5 * ((x - mu) / sigma) ** 2);

/** The launch surge, decaying with an 8-minute time constant. */
function spikeShape(t: number): number {
  return Math.exp(-t / 480);
}

/** The daytime profile by local hour: a lunch bump and an afternoon/evening hump. */
function dayShape(t: number, startHour: number): number {
  const h = startHour + t / 3600;
  return 1 + 0.3 * gauss(h, 12.3, 0.7) + 1.5 * gauss(h, 17.3, 1.6);
}

/** Nothing before 10:00; the crowd arrives within the first minute. */
function ramp(t: number): number {
  return 1 - Math.exp(-t / 30);
}

export interface OrderCurve {
  /** Expected orders created during second `s` (0-based since launch), at scale 1. */
  expectedAt(s: number): number;
  /** Expected cumulative orders over seconds [0, s), at scale 1. */
  cumulativeAt(s: number): number;
  /** Peak expected orders per second and the second it happens. */
  peak: { second: number; perSecond: number };
}

/**
 * Builds the curve. Shapes are evaluated at each second's midpoint and the two coefficients solved
 * on the same discrete sums, so `cumulativeAt(18000)` is 5,000,000 up to rounding.
 * @param horizonSec seconds the curve covers (default 9 h; beyond it the shape continues)
 */
export function createOrderCurve({
  horizonSec = 9 * 3600,
  startHour = launchLocalHour,
}: {
  horizonSec?: number;
  startHour?: number;
} = {}): OrderCurve {
  const [[t5, c5], [t9, c9]] = orderTargets as [readonly [number, number], readonly [number, number]];
  let s1a = 0;
  let s2a = 0;
  let s1b = 0;
  let s2b = 0;
  for (let s = 0; s < t9; s++) {
    const f1 = ramp(s + 0.5) * spikeShape(s + 0.5);
    const f2 = ramp(s + 0.5) * dayShape(s + 0.5, startHour);
    if (s < t5) {
      s1a += f1;
      s2a += f2;
    }
    s1b += f1;
    s2b += f2;
  }
  // a*s1a + b*s2a = c5; a*s1b + b*s2b = c9
  const det = s1a * s2b - s2a * s1b;
  const a = (c5 * s2b - s2a * c9) / det;
  const b = (s1a * c9 - c5 * s1b) / det;
  if (!(a > 0 && b > 0)) throw new Error("order curve shapes cannot meet the targets");
  const expectedAt = (s: number) =>
    s < 0 ? 0 : ramp(s + 0.5) * (a * spikeShape(s + 0.5) + b * dayShape(s + 0.5, startHour));
  const n = Math.max(horizonSec, t9);
  const cumulative = new Float64Array(n + 1);
  let peak = { second: 0, perSecond: 0 };
  for (let s = 0; s < n; s++) {
    const e = expectedAt(s);
    cumulative[s + 1] = cumulative[s]! + e;
    if (e > peak.perSecond) peak = { second: s, perSecond: e };
  }
  return {
    expectedAt,
    cumulativeAt(s) {
      if (s <= 0) return 0;
      if (s <= n) return cumulative[s]!;
      let c = cumulative[n]!;
      for (let i = n; i < s; i++) c += expectedAt(i);
      return c;
    },
    peak,
  };
}

/** How many seconds the arrivals take to pull a drift from the curve back (time constant). */
export const arrivalsReversionSec = 60;
/** The last seconds before a target are drawn without noise, so the target can be met exactly. */
const exactSeconds = 5;

/**
 * Per-second order counts for a run: Poisson around the curve times `scale`, pulled back toward
 * it. Plain Poisson draws wander from the curve by a random walk (a few thousand orders over nine
 * hours), so a run would end either side of the scenario's 10 M at 9 h by chance and its replay
 * might show no 10 M milestone at all. Each second's mean therefore adds the drift so far spread
 * over {@link arrivalsReversionSec}, or over the seconds left before the next of
 * {@link orderTargets} when fewer, and the last {@link exactSeconds} before a target are the
 * rounded means: a run from second 0 has created exactly 5,000,000 orders at hour 5 and
 * 10,000,000 at hour 9 (times `scale`, rounded), while the other seconds stay random counts.
 *
 * Draws from the seed's `arrivals` stream one second at a time, exactly as the launch generator
 * does, so the counts here are the counts of `created` events the generator emits for the same
 * seed and scale. Seconds are drawn in order; the drift counts from the first one drawn.
 */
export function createArrivals({
  seed,
  scale = 1,
  curve = createOrderCurve(),
}: {
  seed: string;
  scale?: number;
  curve?: OrderCurve;
}): { next(second: number): number } {
  const rng = createRng(seed, "arrivals");
  const targets = orderTargets.map(([t]) => t);
  /** Expected orders so far minus orders drawn so far. */
  let drift = 0;
  return {
    next(second) {
      const expected = curve.expectedAt(second) * scale;
      const target = targets.find((t) => t > second);
      const left = target === undefined ? Number.POSITIVE_INFINITY : target - second;
      const mean = Math.max(0, expected + drift / Math.min(arrivalsReversionSec, left));
      const n = left <= exactSeconds ? Math.round(mean) : poisson(rng, mean);
      drift += expected - n;
      return n;
    },
  };
}

/** Orders created per second for `seconds` seconds (the test of the 5 M / 10 M targets uses this). */
export function orderCountsPerSecond({
  seed,
  scale = 1,
  seconds,
}: {
  seed: string;
  scale?: number;
  seconds: number;
}): Int32Array {
  const arrivals = createArrivals({ seed, scale, curve: createOrderCurve({ horizonSec: seconds }) });
  const out = new Int32Array(seconds);
  for (let s = 0; s < seconds; s++) out[s] = arrivals.next(s);
  return out;
}
