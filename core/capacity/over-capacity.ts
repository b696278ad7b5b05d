/**
 * The shops over capacity (last-minute order rate above capacity), in all and per chain and
 * city (issue 15: the Chains and Cities pages say how many of each group's shops are over).
 *
 * One pass over the active shops per frame, the pass that counted the total before: a shop
 * with no order in the last minute has rate 0 and cannot be over. The per-group tallies are
 * two typed arrays reused from frame to frame, so the pass allocates nothing per shop; only
 * the groups with a shop over get an entry in the result.
 */
import type { ActiveShops } from "./active-shops";
import type { CapacityTable } from "./capacity-table";

export interface OverCapacity {
  total: number;
  /** Shops over capacity per chain name; chains with none are left out. Shops missing from
   * the reference data count in `total` only. */
  byChain: Record<string, number>;
  /** Shops over capacity per city name; cities with none are left out. */
  byCity: Record<string, number>;
}

export interface OverCapacityCounter {
  /** Counts the shops whose `rate` (orders over the last minute) exceeds the table's capacity. */
  count(rate: Uint32Array, active: ActiveShops, table: CapacityTable): OverCapacity;
}

/** Named counts of the groups with a shop over. */
function named(tally: Uint32Array, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) if (tally[i]! > 0) out[names[i]!] = tally[i]!;
  return out;
}

export function createOverCapacityCounter(): OverCapacityCounter {
  let chains = new Uint32Array(0);
  let cities = new Uint32Array(0);
  return {
    count(rate, active, table) {
      // A new table (capacities edited) may name more groups: grow the tallies then only.
      if (chains.length < table.chains.length) chains = new Uint32Array(table.chains.length);
      if (cities.length < table.cities.length) cities = new Uint32Array(table.cities.length);
      chains.fill(0);
      cities.fill(0);
      const { capacityPerMin: cap, chainOf, cityOf } = table;
      let total = 0;
      const { ids, count: n } = active;
      for (let i = 0; i < n; i++) {
        const shop = ids[i]!;
        if (!(rate[shop]! > cap[shop]!)) continue;
        total++;
        // A shop missing from the reference data counts in all but names no group.
        if (table.known[shop] !== 1) continue;
        chains[chainOf[shop]!]!++;
        cities[cityOf[shop]!]!++;
      }
      return { total, byChain: named(chains, table.chains), byCity: named(cities, table.cities) };
    },
  };
}
