import { describe, expect, it } from "vitest";
import { buildCapacityTable } from "../capacity/capacity-table";
import { applyCapacityOverrides, parseCapacityOverrides } from "./capacity-overrides";

const table = buildCapacityTable(
  [
    { id: 0, chain: "Heytea", city: "Wuhan", capacityPerMinute: 2 },
    { id: 1, chain: "Luckin", city: "Wuhan", capacityPerMinute: 4 },
    { id: 2, chain: "Heytea", city: "Xiamen", capacityPerMinute: 3 },
  ],
  [{ name: "POST /order/create", capacityPerSecond: 100 }],
);

describe("capacity overrides", () => {
  it("parses the CLI form", () => {
    expect(
      parseCapacityOverrides("chain:Heytea=2x; shop:1=10 ;endpoint:POST /order/create=1.5x;shops=3x"),
    ).toEqual([
      { target: "chain", key: "Heytea", multiply: 2 },
      { target: "shop", key: "1", set: 10 },
      { target: "endpoint", key: "POST /order/create", multiply: 1.5 },
      { target: "shops", multiply: 3 },
    ]);
    expect(() => parseCapacityOverrides("chain=2x")).toThrow(/key is required/);
    expect(() => parseCapacityOverrides("planet:Mars=2x")).toThrow(/cannot read/);
  });

  it("applies in order and recomputes totals, leaving the original alone", () => {
    const t = applyCapacityOverrides(table, parseCapacityOverrides("chain:Heytea=2x;shop:1=10;endpoints=2x"));
    expect([...t.capacityPerMin]).toEqual([4, 10, 6]);
    expect(t.totalCapacityPerMin).toBe(20);
    expect(t.chainCapacityPerMin[t.chains.indexOf("Heytea")]).toBe(10);
    expect(t.cityCapacityPerMin[t.cities.indexOf("Wuhan")]).toBe(14);
    expect(t.endpointCapacity.get("POST /order/create")).toBe(200);
    expect([...table.capacityPerMin]).toEqual([2, 4, 3]);
  });

  it("refuses unknown names", () => {
    expect(() => applyCapacityOverrides(table, parseCapacityOverrides("chain:Nope=2x"))).toThrow(
      "no chain named Nope",
    );
    expect(() => applyCapacityOverrides(table, parseCapacityOverrides("shop:9=2x"))).toThrow("no shop 9");
  });
});
