import { describe, expect, it } from "vitest";
import { createRng, hashSeed, mix32 } from "./rng";

const take = (seed: string, stream: string, n: number) => {
  const rng = createRng(seed, stream);
  return Array.from({ length: n }, () => rng.next());
};

describe("createRng", () => {
  it("repeats the same sequence for the same seed and stream", () => {
    expect(take("42", "orders", 100)).toEqual(take("42", "orders", 100));
  });

  it("gives unrelated sequences for other seeds and streams", () => {
    const base = take("42", "orders", 50);
    expect(take("43", "orders", 50)).not.toEqual(base);
    expect(take("42", "api", 50)).not.toEqual(base);
  });

  it("stays in [0, 1) with a uniform mean", () => {
    const xs = take("u", "", 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    // Deciles are filled evenly: each within 5% of 10,000.
    const deciles = new Array(10).fill(0);
    for (const x of xs) deciles[Math.floor(x * 10)]++;
    for (const d of deciles) expect(Math.abs(d - 10_000)).toBeLessThan(500);
  });
});

describe("hashSeed and mix32", () => {
  it("are stable functions of their input", () => {
    expect(hashSeed("launchwatch")).toEqual(hashSeed("launchwatch"));
    expect(hashSeed("a")).not.toEqual(hashSeed("b"));
    expect(mix32(1)).toBe(mix32(1));
    expect(mix32(1)).not.toBe(mix32(2));
    expect(mix32(0xffffffff)).toBeGreaterThanOrEqual(0);
  });
});
