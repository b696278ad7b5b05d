import { describe, expect, it } from "vitest";
import { createAliasTable } from "./alias";
import { createRng } from "./rng";

describe("createAliasTable", () => {
  it("draws each outcome in proportion to its weight", () => {
    const weights = [1, 0, 5, 2, 0.5, 11.5];
    const total = weights.reduce((a, b) => a + b, 0);
    const table = createAliasTable(weights);
    const rng = createRng("alias");
    const n = 200_000;
    const counts = new Array(weights.length).fill(0);
    for (let i = 0; i < n; i++) counts[table.sample(rng)]++;
    expect(counts[1]).toBe(0);
    weights.forEach((w, i) => {
      const expected = (n * w) / total;
      // Within 4 standard deviations of a binomial count.
      expect(Math.abs(counts[i] - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected) + 1);
    });
  });

  it("handles a heavy tail over many outcomes", () => {
    const weights = Array.from({ length: 100_000 }, (_, i) => (i === 7 ? 50_000 : 1));
    const table = createAliasTable(weights);
    const rng = createRng("tail");
    let hits = 0;
    for (let i = 0; i < 30_000; i++) if (table.sample(rng) === 7) hits++;
    expect(hits / 30_000).toBeCloseTo(50_000 / 149_999, 1);
  });

  it("rejects empty, negative and all-zero weights", () => {
    expect(() => createAliasTable([])).toThrow(RangeError);
    expect(() => createAliasTable([1, -1])).toThrow(/weight 1/);
    expect(() => createAliasTable([0, 0])).toThrow(/sum to zero/);
    expect(() => createAliasTable([1, Number.NaN])).toThrow(RangeError);
  });
});
