import { describe, expect, it } from "vitest";
import { labelledMilestones } from "./replay-scrubber";

describe("replay timeline milestone labels (issue 15)", () => {
  it("labels a milestone only where it does not run into the previous label", () => {
    const min = 60_000;
    const ms = [10, 12, 20, 95, 300, 540].map((m, i) => ({
      orders: [1e5, 5e5, 1e6, 2e6, 5e6, 1e7][i]!,
      at: m * min,
    }));
    const out = labelledMilestones(ms, 0, 540 * min);
    expect(out.map((o) => o.labelled)).toEqual([true, false, false, true, true, true]);
    expect(out.map((o) => o.m.orders)).toEqual(ms.map((m) => m.orders));
  });
});
