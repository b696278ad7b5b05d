import { describe, expect, it } from "vitest";
import { exponential, logFactorial, normal, poisson } from "./distributions";
import { createRng } from "./rng";

const moments = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, variance };
};

describe("poisson", () => {
  it.each([0.3, 4, 9.99, 10, 55, 2_900])("has mean and variance lambda = %s", (lambda) => {
    const rng = createRng("poisson", String(lambda));
    const xs = Array.from({ length: 40_000 }, () => poisson(rng, lambda));
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / xs.length) + 1e-9);
    expect(variance / lambda).toBeGreaterThan(0.95);
    expect(variance / lambda).toBeLessThan(1.05);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  });

  it("is zero for a zero or negative mean", () => {
    const rng = createRng("p0");
    expect(poisson(rng, 0)).toBe(0);
    expect(poisson(rng, -1)).toBe(0);
  });
});

describe("continuous variates", () => {
  it("normal has mean 0 and variance 1; exponential has the given mean", () => {
    const rng = createRng("n");
    const n = moments(Array.from({ length: 50_000 }, () => normal(rng)));
    expect(n.mean).toBeCloseTo(0, 1);
    expect(n.variance).toBeCloseTo(1, 1);
    const e = moments(Array.from({ length: 50_000 }, () => exponential(rng, 3)));
    expect(e.mean).toBeCloseTo(3, 1);
  });

  it("logFactorial agrees with the sum of logs on both sides of the table", () => {
    let sum = 0;
    for (let k = 1; k <= 400; k++) {
      sum += Math.log(k);
      if (k === 10 || k === 255 || k === 256 || k === 400) expect(logFactorial(k)).toBeCloseTo(sum, 6);
    }
  });
});
