import { describe, expect, it } from "vitest";
import { createLatencyRing } from "./latency-ring";
import { createLogBuckets, quantileOf } from "./log-buckets";

describe("log buckets", () => {
  it("reads back quantiles within the relative accuracy", () => {
    const b = createLogBuckets({ relativeAccuracy: 0.01 });
    const hist = new Float64Array(b.count);
    const values: number[] = [];
    let x = 7;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 48271) % 2147483647;
      const v = 1 + (x / 2147483647) ** 3 * 5000; // skewed, 1..5001 ms
      values.push(v);
      hist[b.index(v)]! += 1;
    }
    values.sort((p, q) => p - q);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = values[Math.floor(q * (values.length - 1))]!;
      expect(Math.abs(quantileOf(hist, b, q) - exact) / exact).toBeLessThanOrEqual(0.011);
    }
  });

  it("clamps tiny and huge values into the edge buckets", () => {
    const b = createLogBuckets();
    expect(b.index(0)).toBe(0);
    expect(b.index(1e12)).toBe(b.count - 1);
    expect(quantileOf(new Float64Array(b.count), b, 0.5)).toBeNaN();
  });
});

describe("latency ring", () => {
  it("merges only the seconds in the window and forgets reused slots", () => {
    const r = createLatencyRing({ slots: 4 });
    r.add(0, 100, 10);
    r.add(0, 101, 1000);
    expect(r.quantiles(0, 100, 101, [0.5])[0]).toBeCloseTo(10, 0);
    expect(r.quantiles(0, 100, 102, [0.99])[0]).toBeGreaterThan(900);
    r.add(0, 104, 50); // reuses slot of second 100
    expect(r.quantiles(0, 100, 101, [0.5])[0]).toBeNaN();
    expect(r.quantiles(3, 100, 105, [0.5])[0]).toBeNaN();
    r.add(40, 104, 5); // grows the key space
    expect(r.quantiles(40, 104, 105, [0.5])[0]).toBeCloseTo(5, 0);
    expect(r.quantiles(0, 104, 105, [0.5])[0]).toBeCloseTo(50, 0);
  });
});
