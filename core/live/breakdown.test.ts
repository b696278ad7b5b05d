import { describe, expect, it } from "vitest";
import { counts } from "../../tests/support/frame-factory";
import { buildBreakdown, sortBreakdown } from "./breakdown";
import { capacityFromGroups, utilization } from "./reference-capacity";

const capacity = capacityFromGroups([
  { chain: "Heytea", city: "Shenzhen", shops: 10, capacityPerMin: 30 },
  { chain: "Heytea", city: "Xiamen", shops: 5, capacityPerMin: 30 },
  { chain: "Luckin", city: "Xiamen", shops: 20, capacityPerMin: 120 },
  { chain: "Nayuki", city: "Shenzhen", shops: 3, capacityPerMin: 9 },
]);

describe("capacity", () => {
  it("sums per chain, per city and overall", () => {
    expect(capacity.shops).toBe(38);
    expect(capacity.capacityPerMin).toBe(189);
    expect(capacity.byChain.Heytea).toEqual({ shops: 15, capacityPerMin: 60 });
    expect(capacity.byCity.Xiamen).toEqual({ shops: 25, capacityPerMin: 150 });
  });

  it("reads unknown capacity as zero utilization, and exactly-at-capacity as 1", () => {
    expect(utilization(50, 0)).toBe(0);
    expect(utilization(60, 60)).toBe(1);
  });
});

describe("breakdown", () => {
  const rows = buildBreakdown({ Heytea: counts(2), Luckin: counts(1), Ghost: counts(0.5) }, capacity.byChain);

  it("computes utilization from last minute's orders over capacity per minute", () => {
    const heytea = rows.find((r) => r.key === "Heytea")!;
    expect(heytea.ordersPerMin).toBe(120);
    expect(heytea.capacityPerMin).toBe(60);
    expect(heytea.utilization).toBe(2);
    expect(heytea.ordersPerSec).toBe(2);
    expect(heytea.share).toBeCloseTo(120 / 210);
  });

  it("lists groups with capacity but no orders, and orders without reference data", () => {
    expect(rows.find((r) => r.key === "Nayuki")).toMatchObject({ ordersPerMin: 0, utilization: 0, shops: 3 });
    expect(rows.find((r) => r.key === "Ghost")).toMatchObject({
      capacityPerMin: 0,
      utilization: 0,
      shops: 0,
    });
  });

  it("sorts by utilization, most loaded first, by default", () => {
    expect(rows.map((r) => r.key)).toEqual(["Heytea", "Luckin", "Ghost", "Nayuki"]);
  });

  it("sorts by any column both ways, ties broken by name", () => {
    expect(sortBreakdown(rows, "key", "asc").map((r) => r.key)).toEqual([
      "Ghost",
      "Heytea",
      "Luckin",
      "Nayuki",
    ]);
    expect(sortBreakdown(rows, "shops", "desc").map((r) => r.key)).toEqual([
      "Luckin",
      "Heytea",
      "Nayuki",
      "Ghost",
    ]);
    expect(sortBreakdown(rows, "utilization", "asc").map((r) => r.key)).toEqual([
      "Ghost",
      "Nayuki",
      "Luckin",
      "Heytea",
    ]);
  });
});
