import { describe, expect, it } from "vitest";
import { counts } from "../../tests/support/frame-factory";
import { emptyShopsOver, type ShopsOverView } from "../frames/shops-over";
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

describe("breakdown shops over capacity (issue 15)", () => {
  const counts2 = { Heytea: counts(2), Luckin: counts(1) };
  const view = (over: Partial<ShopsOverView>): ShopsOverView => ({
    ...emptyShopsOver(),
    byChain: { Heytea: 4 },
    byCity: { Shenzhen: 4 },
    counted: 2,
    sources: 2,
    ...over,
  });
  const cell = (over: Partial<ShopsOverView>, key: string, dimension: "chain" | "city" = "chain") =>
    buildBreakdown(counts2, capacity.byChain, { shopsOver: view(over), dimension }).find((r) => r.key === key)
      ?.shopsOver;

  it("carries the workers' count when every worker gives it, 0 for a group with none", () => {
    expect(cell({}, "Heytea")).toEqual({ n: 4, atLeast: false, reason: null });
    expect(cell({}, "Luckin")).toEqual({ n: 0, atLeast: false, reason: null });
    const byCity = buildBreakdown({ Shenzhen: counts(1) }, capacity.byCity, {
      shopsOver: view({}),
      dimension: "city",
    });
    expect(byCity.find((r) => r.key === "Shenzhen")?.shopsOver?.n).toBe(4);
  });

  it("leaves it out when no frame counts per group, so the page falls back to the alerts", () => {
    expect(cell({ counted: 0, byChain: {} }, "Heytea")).toBeUndefined();
    expect(buildBreakdown(counts2, capacity.byChain)[0]).not.toHaveProperty("shopsOver");
  });

  it("says at least, and why, when a worker's frames lack it or a partition has no reader", () => {
    expect(cell({ counted: 1 }, "Heytea")).toMatchObject({ n: 4, atLeast: true });
    expect(cell({ counted: 1 }, "Luckin")?.reason).toMatch(/1 of 2 workers do not count/);
    expect(cell({ unread: ["lw.orders/3"] }, "Heytea")?.reason).toMatch(/no worker reports lw.orders\/3/);
    expect(cell({ partialMinuteMs: 20_000 }, "Heytea")).toMatchObject({ n: 4, atLeast: true });
    expect(cell({ partialMinuteMs: 20_000 }, "Heytea")?.reason).toMatch(/only 20 s of the last minute/);
  });

  it("gives no number while a partition is claimed by two workers (a rebalance)", () => {
    expect(cell({ shared: ["lw.orders/1"] }, "Heytea")).toMatchObject({ n: null });
    expect(cell({ shared: ["lw.orders/1"] }, "Heytea")?.reason).toMatch(/moving between workers/);
  });
});
