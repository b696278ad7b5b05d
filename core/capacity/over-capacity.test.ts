import { describe, expect, it } from "vitest";
import { buildCapacityTable } from "./capacity-table";
import { createShopLoad } from "./shop-load";

// Two chains across two cities: shop 1 and shop 2 share a chain, shop 2 and shop 3 a city.
const table = buildCapacityTable(
  [
    { id: 0, chain: "Heytea", city: "Shenzhen", capacityPerMinute: 60 },
    { id: 1, chain: "Luckin", city: "Shenzhen", capacityPerMinute: 6 },
    { id: 2, chain: "Luckin", city: "Xiamen", capacityPerMinute: 6 },
    { id: 3, chain: "Heytea", city: "Xiamen", capacityPerMinute: 6 },
  ],
  [],
);

/** `perMin` orders at `shop` in each second of [from, to), spread evenly. */
function orders(
  s: ReturnType<typeof createShopLoad>,
  shop: number,
  perMin: number,
  from: number,
  to: number,
) {
  for (let sec = from; sec < to; sec++) {
    const k = Math.floor(((sec + 1) * perMin) / 60) - Math.floor((sec * perMin) / 60);
    for (let i = 0; i < k; i++) s.arrive(shop, sec);
  }
}

describe("shops over capacity per chain and city", () => {
  it("counts a shop from the second its minute exceeds capacity until it no longer does", () => {
    const s = createShopLoad({ capacity: table });
    orders(s, 1, 6, 0, 60); // exactly at capacity: not over
    s.closeUntil(60);
    expect(s.overCapacityBy()).toEqual({ total: 0, byChain: {}, byCity: {} });
    s.arrive(1, 60); // the 7th order in the minute
    s.closeUntil(61);
    expect(s.overCapacityBy()).toEqual({ total: 1, byChain: { Luckin: 1 }, byCity: { Shenzhen: 1 } });
    s.closeUntil(71); // orders of seconds 0..9 left the minute: 6 again, and it is back under
    expect(s.entry(1).ratePerMin).toBeLessThanOrEqual(6);
    expect(s.overCapacityBy()).toEqual({ total: 0, byChain: {}, byCity: {} });
  });

  it("adds the shops of a chain across cities and of a city across chains", () => {
    const s = createShopLoad({ capacity: table });
    orders(s, 0, 30, 0, 60); // Heytea Shenzhen at half its capacity
    orders(s, 1, 12, 0, 60);
    orders(s, 2, 12, 0, 60);
    orders(s, 3, 12, 0, 60);
    s.closeUntil(60);
    expect(s.overCapacityBy()).toEqual({
      total: 3,
      byChain: { Luckin: 2, Heytea: 1 },
      byCity: { Shenzhen: 1, Xiamen: 2 },
    });
    expect(s.overCapacity()).toBe(3);
    // A quiet gap longer than the minute: nobody is over, and the tallies start afresh.
    s.closeUntil(300);
    expect(s.overCapacityBy()).toEqual({ total: 0, byChain: {}, byCity: {} });
  });

  it("follows a capacity edit", () => {
    const s = createShopLoad({ capacity: table });
    orders(s, 0, 30, 0, 60);
    s.closeUntil(60);
    expect(s.overCapacityBy().total).toBe(0);
    const halved = buildCapacityTable(
      [...Array(4).keys()].map((id) => ({
        id,
        chain: table.chains[table.chainOf[id]!]!,
        city: table.cities[table.cityOf[id]!]!,
        capacityPerMinute: id === 0 ? 20 : 6,
      })),
      [],
    );
    s.setCapacity(halved);
    expect(s.overCapacityBy()).toEqual({ total: 1, byChain: { Heytea: 1 }, byCity: { Shenzhen: 1 } });
  });
});
