import { describe, expect, it } from "vitest";
import { balancePartitions } from "./balance";

const key = (p: { topic: string; partition: number }) => `${p.topic}/${p.partition}`;

describe("balancePartitions", () => {
  it("gives every partition to exactly one process", () => {
    const parts = Array.from({ length: 18 }, (_, i) => ({
      topic: ["o", "a", "d"][i % 3]!,
      partition: Math.floor(i / 3),
      events: (i * 7919) % 1000,
    }));
    for (const n of [1, 2, 3, 4, 7]) {
      const shares = balancePartitions(parts, n);
      expect(shares).toHaveLength(n);
      expect(shares.flat().map(key).sort()).toEqual(parts.map(key).sort());
    }
  });

  it("evens out skewed partitions by events, not by count", () => {
    // Like API topics keyed by a few endpoints: two huge partitions, several empty ones.
    const parts = [
      { topic: "api", partition: 0, events: 9_000 },
      { topic: "api", partition: 1, events: 8_000 },
      { topic: "api", partition: 2, events: 0 },
      { topic: "api", partition: 3, events: 0 },
      { topic: "orders", partition: 0, events: 1_000 },
      { topic: "orders", partition: 1, events: 1_000 },
    ];
    const sizes = new Map(parts.map((p) => [key(p), p.events]));
    const totals = balancePartitions(parts, 2).map((s) => s.reduce((n, p) => n + sizes.get(key(p))!, 0));
    expect(totals.sort((x, y) => x - y)).toEqual([9_000, 10_000]);
    // The two big ones are apart (dealt by count, api/0 and api/2 would go together).
    const [a] = balancePartitions(parts, 2);
    expect(a!.map(key).filter((k) => k === "api/0" || k === "api/1")).toHaveLength(1);
  });

  it("spreads empty partitions too, so no process is left without work to assign", () => {
    const parts = Array.from({ length: 4 }, (_, partition) => ({ topic: "t", partition, events: 0 }));
    expect(balancePartitions(parts, 2).map((s) => s.length)).toEqual([2, 2]);
  });

  it("rejects zero processes", () => {
    expect(() => balancePartitions([], 0)).toThrow(RangeError);
  });
});
