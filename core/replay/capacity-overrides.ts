/**
 * What-if capacities for a replay: "what if Heytea shops made twice the drinks, or the order
 * endpoint served 2x". Overrides apply in order to a copy of the capacity table.
 */
import { z } from "zod";
import type { CapacityTable } from "../capacity/capacity-table";

export const CapacityOverrideSchema = z
  .strictObject({
    /** `shops` and `endpoints` mean all of them. */
    target: z.enum(["shops", "chain", "city", "shop", "endpoints", "endpoint"]),
    /** Chain or city name, shop id, or endpoint name; required unless target is shops/endpoints. */
    key: z.string().min(1).optional(),
    /** Multiply capacity by this. */
    multiply: z.number().positive().optional(),
    /** Or set it (drinks per minute for shops, requests per second for endpoints). */
    set: z.number().positive().optional(),
  })
  .refine((o) => (o.multiply === undefined) !== (o.set === undefined), {
    message: "give exactly one of multiply or set",
  })
  .refine((o) => o.target === "shops" || o.target === "endpoints" || o.key !== undefined, {
    message: "key is required for chain, city, shop and endpoint",
    path: ["key"],
  });
export type CapacityOverride = z.infer<typeof CapacityOverrideSchema>;

/**
 * Parses the CLI form: `chain:Heytea=2x; shop:42=10; endpoint:POST /order/create=1.5x; shops=2x`
 * (`Nx` multiplies, a bare number sets). Separator `;`.
 */
export function parseCapacityOverrides(text: string): CapacityOverride[] {
  return text
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(shops|endpoints|chain|city|shop|endpoint)(?::(.+?))?\s*=\s*([0-9.]+)(x?)$/.exec(part);
      if (!m) throw new Error(`cannot read capacity override "${part}" (e.g. chain:Heytea=2x or shop:42=10)`);
      const value = Number(m[3]);
      return CapacityOverrideSchema.parse({
        target: m[1],
        key: m[2]?.trim(),
        ...(m[4] === "x" ? { multiply: value } : { set: value }),
      });
    });
}

/** A copy of `table` with the overrides applied; throws on an unknown chain, city, shop or endpoint. */
export function applyCapacityOverrides(
  table: CapacityTable,
  overrides: readonly CapacityOverride[],
): CapacityTable {
  if (overrides.length === 0) return table;
  const cap = Float32Array.from(table.capacityPerMin);
  const endpoints = new Map(table.endpointCapacity);
  const change = (v: number, o: CapacityOverride) => (o.set !== undefined ? o.set : v * o.multiply!);
  for (const o of overrides) {
    switch (o.target) {
      case "shops":
      case "chain":
      case "city": {
        const index =
          o.target === "chain"
            ? table.chains.indexOf(o.key!)
            : o.target === "city"
              ? table.cities.indexOf(o.key!)
              : -1;
        if (o.target !== "shops" && index < 0) throw new Error(`no ${o.target} named ${o.key}`);
        const of = o.target === "chain" ? table.chainOf : table.cityOf;
        for (let id = 0; id < table.size; id++) {
          if (table.known[id] && (o.target === "shops" || of[id] === index)) cap[id] = change(cap[id]!, o);
        }
        break;
      }
      case "shop": {
        const id = Number(o.key);
        if (!Number.isInteger(id) || id < 0 || id >= table.size || !table.known[id])
          throw new Error(`no shop ${o.key}`);
        cap[id] = change(cap[id]!, o);
        break;
      }
      case "endpoints":
        for (const [k, v] of endpoints) endpoints.set(k, change(v, o));
        break;
      case "endpoint": {
        const v = endpoints.get(o.key!);
        if (v === undefined) throw new Error(`no endpoint ${o.key}`);
        endpoints.set(o.key!, change(v, o));
        break;
      }
    }
  }
  const chainCap = new Float64Array(table.chains.length);
  const cityCap = new Float64Array(table.cities.length);
  let total = 0;
  for (let id = 0; id < table.size; id++) {
    if (!table.known[id]) continue;
    total += cap[id]!;
    chainCap[table.chainOf[id]!]! += cap[id]!;
    cityCap[table.cityOf[id]!]! += cap[id]!;
  }
  return {
    ...table,
    capacityPerMin: cap,
    totalCapacityPerMin: total,
    chainCapacityPerMin: chainCap,
    cityCapacityPerMin: cityCap,
    endpointCapacity: endpoints,
  };
}
