import { describe, expect, it } from "vitest";
import { apiEndpoints, chains, cityList, generateReferenceData, generateShops, otherChain, shopAt } from ".";

describe("reference shops", () => {
  const { shops } = generateReferenceData();

  it("has 300,000 shops with dense ids and valid attributes", () => {
    expect(shops.count).toBe(300_000);
    for (const column of [
      shops.chainIndex,
      shops.cityIndex,
      shops.capacityPerMinute,
      shops.weight,
      shops.flagship,
    ])
      expect(column.length).toBe(300_000);
    for (let id = 0; id < shops.count; id += 997) {
      const s = shopAt(shops, id);
      expect(s.id).toBe(id);
      expect(s.capacityPerMinute).toBeGreaterThanOrEqual(1);
      expect(s.capacityPerMinute).toBeLessThanOrEqual(12);
      expect(s.weight).toBeGreaterThan(0);
    }
    expect(() => shopAt(shops, 300_000)).toThrow(RangeError);
  });

  it("is the same for the same seed and differs for another", () => {
    const again = generateShops({ count: 1000 });
    const other = generateShops({ seed: "elsewhere", count: 1000 });
    const first = generateShops({ count: 1000 });
    expect(Array.from(again.weight)).toEqual(Array.from(first.weight));
    expect(Array.from(again.cityIndex)).toEqual(Array.from(first.cityIndex));
    expect(Array.from(other.weight)).not.toEqual(Array.from(first.weight));
    // The first shops do not depend on how many are generated.
    expect(Array.from(shops.weight.subarray(0, 1000))).toEqual(Array.from(first.weight));
  });

  it("spreads shops over the named chains, an independent group and about 300 cities", () => {
    for (const name of ["Heytea", "Nayuki's Tea", "Luckin", otherChain]) expect(shops.chains).toContain(name);
    const perChain = new Map<string, number>();
    for (let id = 0; id < shops.count; id++) {
      const c = shops.chains[shops.chainIndex[id]!]!;
      perChain.set(c, (perChain.get(c) ?? 0) + 1);
    }
    for (const c of chains) expect(perChain.get(c.name)! / shops.count).toBeCloseTo(c.shopShare, 2);
    const cities = new Set(shops.cityIndex);
    expect(shops.cities).toHaveLength(300);
    expect(cities.size).toBeGreaterThan(290);
    expect(new Set(shops.cities).size).toBe(300);
    expect(shops.cities.slice(0, 4)).toEqual(["Shanghai", "Beijing", "Shenzhen", "Guangzhou"]);
  });

  it("has heavy-tailed popularity with very popular flagships", () => {
    const w = Array.from(shops.weight);
    const total = w.reduce((a, b) => a + b, 0);
    const sorted = [...w].sort((a, b) => b - a);
    const top1pct = sorted.slice(0, 3000).reduce((a, b) => a + b, 0) / total;
    expect(top1pct).toBeGreaterThan(0.15);
    const median = sorted[150_000]!;
    expect(sorted[0]! / median).toBeGreaterThan(500);
    const flagships = w.filter((_, id) => shops.flagship[id] === 1);
    expect(flagships.length).toBeGreaterThan(50);
    const flagshipMedian = [...flagships].sort((a, b) => a - b)[Math.floor(flagships.length / 2)]!;
    expect(flagshipMedian / median).toBeGreaterThan(20);
    // A top flagship takes hundreds of orders an hour at the 9-hour average of 309 orders/s.
    expect((sorted[0]! / total) * 309 * 3600).toBeGreaterThan(300);
  });

  it("generates smaller sets and names cities beyond the real list", () => {
    expect(generateShops({ count: 10 }).count).toBe(10);
    expect(() => generateShops({ count: 0 })).toThrow(RangeError);
    const many = cityList(400);
    expect(new Set(many.map((c) => c.name)).size).toBe(400);
  });
});

describe("reference endpoints", () => {
  it("lists the campaign's endpoints with capacities and latencies", () => {
    const names = apiEndpoints.map((e) => e.name);
    for (const n of ["POST /voucher/claim", "POST /order/create", "GET /shops/nearby", "POST /invite/share"])
      expect(names).toContain(n);
    expect(new Set(names).size).toBe(names.length);
    for (const e of apiEndpoints) {
      expect(e.name).toMatch(/^(GET|POST) \//);
      expect(e.capacityPerSecond).toBeGreaterThan(0);
      expect(e.baseLatencyMs).toBeGreaterThan(0);
    }
  });
});
