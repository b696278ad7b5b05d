import { describe, expect, it } from "vitest";
import { buildCapacityTable } from "./capacity-table";
import { createShopLoad } from "./shop-load";

const table = buildCapacityTable(
  [
    { id: 0, chain: "Heytea", city: "Shenzhen", capacityPerMinute: 60 },
    { id: 1, chain: "Luckin", city: "Xiamen", capacityPerMinute: 6 },
    { id: 2, chain: "Luckin", city: "Xiamen", capacityPerMinute: 3 },
  ],
  [],
);

describe("shop load", () => {
  it("counts the last minute of orders and forgets older ones", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 100; sec < 130; sec++) s.arrive(0, sec);
    s.closeUntil(130);
    expect(s.entry(0).ratePerMin).toBe(30);
    s.closeUntil(160);
    expect(s.entry(0).ratePerMin).toBe(30); // 100..129 are all within 60 s of 160
    s.closeUntil(161);
    expect(s.entry(0).ratePerMin).toBe(29); // second 100 left the window
    s.closeUntil(400);
    expect(s.entry(0).ratePerMin).toBe(0);
  });

  it("treats a shop at exactly its capacity as not over capacity, and builds no backlog", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 0; sec < 60; sec += 10) s.arrive(1, sec); // 6/min at 6/min capacity
    s.closeUntil(60);
    expect(s.entry(1).utilization).toBe(1);
    expect(s.overCapacity()).toBe(0);
    expect(s.entry(1).backlog).toBe(0);
  });

  it("builds a backlog while arrivals exceed capacity and drains it at capacity", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 0; sec < 60; sec++) s.arrive(2, sec); // 60/min at 3/min
    s.closeUntil(60);
    expect(s.overCapacity()).toBe(1);
    expect(s.entry(2).backlog).toBeCloseTo(60 - 3, 3);
    expect(s.entry(2).waitMin).toBeCloseTo(57 / 3, 3);
    s.closeUntil(120); // one quiet minute drains 3
    expect(s.entry(2).backlog).toBeCloseTo(54, 3);
    s.closeUntil(120 + 20 * 60); // long gap: drained to zero
    expect(s.entry(2).backlog).toBe(0);
    expect(s.active(2)).toBe(false);
  });

  it("ranks the most overloaded shops exactly", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 0; sec < 30; sec++) {
      s.arrive(0, sec);
      s.arrive(1, sec);
      s.arrive(2, sec);
    }
    s.closeUntil(30);
    expect(s.top(2).map((e) => e.shopId)).toEqual([2, 1]);
    expect(s.top(5).map((e) => e.shopId)).toEqual([2, 1, 0]);
  });
});

describe("shop load: over a factor", () => {
  it("lists exactly the shops above capacity x factor", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 0; sec < 4; sec++) s.arrive(2, sec); // 4/min at 3/min
    for (let sec = 0; sec < 6; sec++) s.arrive(1, sec); // 6/min at 6/min: not over
    s.closeUntil(10);
    expect(s.over(1).map((e) => e.shopId)).toEqual([2]);
    expect(s.over(1.5).map((e) => e.shopId)).toEqual([]);
    expect(s.over(0.5).map((e) => e.shopId)).toEqual([1, 2]);
  });
});
