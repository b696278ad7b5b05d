import { describe, expect, it } from "vitest";
import { createOrderCurve, orderCountsPerSecond } from "./curve";

const H5 = 5 * 3600;
const H9 = 9 * 3600;

describe("order curve", () => {
  const curve = createOrderCurve();

  it("meets the scenario's cumulative targets in expectation", () => {
    expect(curve.cumulativeAt(H5)).toBeCloseTo(5_000_000, 0);
    expect(curve.cumulativeAt(H9)).toBeCloseTo(10_000_000, 0);
  });

  it("spikes at launch to many times the average, then decays", () => {
    const average = 10_000_000 / H9;
    expect(curve.peak.second).toBeLessThan(300);
    expect(curve.peak.perSecond).toBeGreaterThan(8 * average);
    expect(curve.expectedAt(0)).toBeLessThan(curve.peak.perSecond / 10);
    expect(curve.expectedAt(3600)).toBeLessThan(average);
    expect(curve.expectedAt(3600)).toBeGreaterThan(0);
  });

  it("sampled per-second counts at full scale reach exactly 5 M at hour 5 and 10 M at hour 9", () => {
    const counts = orderCountsPerSecond({ seed: "scenario", seconds: H9 + 600 });
    let sum = 0;
    let widest = 0;
    for (let s = 0; s < H9; s++) {
      sum += counts[s]!;
      if (s + 1 === H5) expect(sum).toBe(5_000_000);
      widest = Math.max(widest, Math.abs(sum - curve.cumulativeAt(s + 1)));
    }
    expect(sum).toBe(10_000_000);
    // Between the targets the run stays near the curve (a Poisson random walk drifts thousands).
    expect(widest).toBeLessThan(1_000);
    // Past the last target it goes on around the curve.
    for (let s = H9; s < H9 + 600; s++) sum += counts[s]!;
    expect(Math.abs(sum - curve.cumulativeAt(H9 + 600))).toBeLessThan(1_000);
  });

  it("each second is still a random count: Poisson-like spread around the curve", () => {
    // Two hours into the afternoon the curve is nearly flat over ten minutes.
    const counts = orderCountsPerSecond({ seed: "spread", seconds: 3 * 3600 });
    const window = Array.from(counts.slice(2 * 3600, 2 * 3600 + 600));
    const mean = window.reduce((a, b) => a + b, 0) / window.length;
    const variance = window.reduce((a, b) => a + (b - mean) ** 2, 0) / window.length;
    expect(variance / mean).toBeGreaterThan(0.6);
    expect(variance / mean).toBeLessThan(1.5);
  });

  it("keeps the shape and the targets at a smaller scale", () => {
    const counts = orderCountsPerSecond({ seed: "small", scale: 0.01, seconds: H9 });
    let h5 = 0;
    let h9 = 0;
    for (let s = 0; s < H9; s++) {
      if (s < H5) h5 += counts[s]!;
      h9 += counts[s]!;
    }
    expect(h5).toBe(50_000);
    expect(h9).toBe(100_000);
  });

  it("draws the same counts for the same seed", () => {
    const a = orderCountsPerSecond({ seed: "same", seconds: 600 });
    const b = orderCountsPerSecond({ seed: "same", seconds: 600 });
    const c = orderCountsPerSecond({ seed: "other", seconds: 600 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
