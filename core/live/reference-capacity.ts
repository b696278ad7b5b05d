/**
 * Shop capacity from the reference data (the Shop table): what the counters can make, summed
 * per chain, per city and overall. Loaded by the web tier and passed into the view builders.
 */

export interface CapacityGroup {
  shops: number;
  /** Sum of the shops' `capacityPerMinute`. */
  capacityPerMin: number;
}

export interface ReferenceCapacity {
  shops: number;
  capacityPerMin: number;
  byChain: Record<string, CapacityGroup>;
  byCity: Record<string, CapacityGroup>;
}

export const emptyCapacity = (): ReferenceCapacity => ({
  shops: 0,
  capacityPerMin: 0,
  byChain: {},
  byCity: {},
});

/** Builds the totals from per-(chain, city) groups, e.g. the rows of a GROUP BY chain, city. */
export function capacityFromGroups(
  groups: Iterable<{ chain: string; city: string; shops: number; capacityPerMin: number }>,
): ReferenceCapacity {
  const out = emptyCapacity();
  const add = (into: Record<string, CapacityGroup>, key: string, shops: number, cap: number) => {
    const g = (into[key] ??= { shops: 0, capacityPerMin: 0 });
    g.shops += shops;
    g.capacityPerMin += cap;
  };
  for (const g of groups) {
    out.shops += g.shops;
    out.capacityPerMin += g.capacityPerMin;
    add(out.byChain, g.chain, g.shops, g.capacityPerMin);
    add(out.byCity, g.city, g.shops, g.capacityPerMin);
  }
  return out;
}

/** Load over capacity; 0 when the capacity is unknown (0), so an empty table never reads as overload. */
export function utilization(ratePerMin: number, capacityPerMin: number): number {
  return capacityPerMin > 0 ? ratePerMin / capacityPerMin : 0;
}

/** The totals of a capacity table (e.g. one with a replay's what-if overrides applied). */
export function capacityFromTable(table: {
  size: number;
  known: Uint8Array;
  chainOf: Uint16Array;
  cityOf: Uint16Array;
  capacityPerMin: Float32Array;
  chains: readonly string[];
  cities: readonly string[];
}): ReferenceCapacity {
  const groups = new Map<number, { chain: string; city: string; shops: number; capacityPerMin: number }>();
  for (let id = 0; id < table.size; id++) {
    if (!table.known[id]) continue;
    const key = table.chainOf[id]! * 65_536 + table.cityOf[id]!;
    let g = groups.get(key);
    if (!g) {
      g = {
        chain: table.chains[table.chainOf[id]!]!,
        city: table.cities[table.cityOf[id]!]!,
        shops: 0,
        capacityPerMin: 0,
      };
      groups.set(key, g);
    }
    g.shops++;
    g.capacityPerMin += table.capacityPerMin[id]!;
  }
  return capacityFromGroups(groups.values());
}
