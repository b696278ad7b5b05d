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

  it("sampled per-second counts at full scale reach 5.0 M by hour 5 and 10.0 M by hour 9 (within 2%)", () => {
    const counts = orderCountsPerSecond({ seed: "scenario", seconds: H9 });
    let sum = 0;
    for (let s = 0; s < H5; s++) sum += counts[s]!;
    expect(Math.abs(sum / 5_000_000 - 1)).toBeLessThan(0.02);
    for (let s = H5; s < H9; s++) sum += counts[s]!;
    expect(Math.abs(sum / 10_000_000 - 1)).toBeLessThan(0.02);
  });

  it("keeps the shape at a smaller scale", () => {
    const counts = orderCountsPerSecond({ seed: "small", scale: 0.01, seconds: H9 });
    let h5 = 0;
    let h9 = 0;
    for (let s = 0; s < H9; s++) {
      if (s < H5) h5 += counts[s]!;
      h9 += counts[s]!;
    }
    expect(Math.abs(h5 / 50_000 - 1)).toBeLessThan(0.02);
    expect(Math.abs(h9 / 100_000 - 1)).toBeLessThan(0.02);
  });

  it("draws the same counts for the same seed", () => {
    const a = orderCountsPerSecond({ seed: "same", seconds: 600 });
    const b = orderCountsPerSecond({ seed: "same", seconds: 600 });
    const c = orderCountsPerSecond({ seed: "other", seconds: 600 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
