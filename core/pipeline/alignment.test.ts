import { describe, expect, it } from "vitest";
import { holdRule, mustWait } from "./alignment";

describe("event-time alignment of partitions", () => {
  const rule = holdRule({ base: 1000, graceMs: 5000, maxAheadMs: 60_000 });

  it("holds nothing before there is a closable end", () => {
    expect(holdRule({ base: null, graceMs: 5000 })).toBeNull();
    expect(mustWait(null, 9e15, 9e15)).toBe(false);
  });

  it("holds an event of a partition ahead of the base from base + maxAhead on, not before", () => {
    expect(mustWait(rule, 1_030_000, 1_059_999)).toBe(false);
    expect(mustWait(rule, 1_030_000, 1_060_000)).toBe(true);
  });

  it("never holds the partition the base waits for (within grace + 1 s), even for a jump", () => {
    expect(mustWait(rule, 1_006_000, 5_000_000)).toBe(false);
    expect(mustWait(rule, 1_006_001, 5_000_000)).toBe(true);
    expect(mustWait(rule, null, 5_000_000)).toBe(false);
  });

  it("keeps the allowance above the grace period", () => {
    expect(holdRule({ base: 10, graceMs: 120_000, maxAheadMs: 60_000 })!.waitFrom).toBe(10_000 + 122_000);
  });
});
