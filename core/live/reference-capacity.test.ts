import { describe, expect, it } from "vitest";
import { buildCapacityTable } from "../capacity/capacity-table";
import { applyCapacityOverrides } from "../replay/capacity-overrides";
import { capacityFromTable } from "./reference-capacity";

describe("capacityFromTable", () => {
  const table = buildCapacityTable(
    [
      { id: 1, chain: "Heytea", city: "Shenzhen", capacityPerMinute: 3 },
      { id: 2, chain: "Heytea", city: "Beijing", capacityPerMinute: 2 },
      { id: 5, chain: "Nayuki", city: "Shenzhen", capacityPerMinute: 4 },
    ],
    [],
  );

  it("sums shops and capacity overall, per chain and per city", () => {
    const c = capacityFromTable(table);
    expect(c.shops).toBe(3);
    expect(c.capacityPerMin).toBeCloseTo(9);
    expect(c.byChain.Heytea).toEqual({ shops: 2, capacityPerMin: 5 });
    expect(c.byCity.Shenzhen).toEqual({ shops: 2, capacityPerMin: 7 });
  });

  it("reflects what-if overrides (a chain at 2x)", () => {
    const c = capacityFromTable(
      applyCapacityOverrides(table, [{ target: "chain", key: "Heytea", multiply: 2 }]),
    );
    expect(c.byChain.Heytea?.capacityPerMin).toBeCloseTo(10);
    expect(c.capacityPerMin).toBeCloseTo(14);
  });
});
