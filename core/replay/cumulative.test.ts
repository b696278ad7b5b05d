import { describe, expect, it } from "vitest";
import { cumulativeOrders } from "./cumulative";

describe("cumulativeOrders", () => {
  const c = cumulativeOrders(1000, [
    { t: 120, created: 400_000 },
    { t: 60, created: 99_000 },
    { t: 240, created: 600_000 },
  ]);

  it("counts the minutes that ended by then, in event time", () => {
    expect(c.at(0)).toBe(1000);
    expect(c.at(119_999)).toBe(1000);
    expect(c.at(120_000)).toBe(100_000);
    expect(c.at(180_000)).toBe(500_000);
    expect(c.at(299_999)).toBe(500_000);
    expect(c.at(300_000)).toBe(1_100_000);
  });

  it("marks when each milestone was first reached", () => {
    expect(c.milestones()).toEqual([
      { orders: 100_000, at: 120_000 },
      { orders: 500_000, at: 180_000 },
      { orders: 1_000_000, at: 300_000 },
    ]);
  });
});
