/**
 * Reference data in the shape the hot path wants: typed arrays indexed by shop id, chain and
 * city names interned once. Built from the Shop and ApiEndpoint rows; rebuilt when capacities
 * are edited.
 */
export interface ShopRef {
  id: number;
  chain: string;
  city: string;
  capacityPerMinute: number;
}

export interface EndpointRef {
  name: string;
  capacityPerSecond: number;
}

export interface CapacityTable {
  /** One past the largest shop id; arrays below have this length. */
  size: number;
  /** 1 where a shop with this id exists. */
  known: Uint8Array;
  chainOf: Uint16Array;
  cityOf: Uint16Array;
  capacityPerMin: Float32Array;
  chains: string[];
  cities: string[];
  /** Drinks per minute of all shops, per chain, per city. */
  totalCapacityPerMin: number;
  chainCapacityPerMin: Float64Array;
  cityCapacityPerMin: Float64Array;
  endpointCapacity: Map<string, number>;
}

/** Builds the table. Shop ids must be small non-negative integers (they index typed arrays). */
export function buildCapacityTable(
  shops: Iterable<ShopRef>,
  endpoints: Iterable<EndpointRef>,
): CapacityTable {
  const list = Array.isArray(shops) ? (shops as ShopRef[]) : [...shops];
  let size = 0;
  for (const s of list) size = Math.max(size, s.id + 1);
  const chains: string[] = [];
  const cities: string[] = [];
  const chainIdx = new Map<string, number>();
  const cityIdx = new Map<string, number>();
  const intern = (m: Map<string, number>, arr: string[], v: string) => {
    let i = m.get(v);
    if (i === undefined) {
      i = arr.push(v) - 1;
      m.set(v, i);
    }
    return i;
  };
  const t: CapacityTable = {
    size,
    known: new Uint8Array(size),
    chainOf: new Uint16Array(size),
    cityOf: new Uint16Array(size),
    capacityPerMin: new Float32Array(size),
    chains,
    cities,
    totalCapacityPerMin: 0,
    chainCapacityPerMin: new Float64Array(0),
    cityCapacityPerMin: new Float64Array(0),
    endpointCapacity: new Map([...endpoints].map((e) => [e.name, e.capacityPerSecond])),
  };
  for (const s of list) {
    t.known[s.id] = 1;
    t.chainOf[s.id] = intern(chainIdx, chains, s.chain);
    t.cityOf[s.id] = intern(cityIdx, cities, s.city);
    t.capacityPerMin[s.id] = s.capacityPerMinute;
  }
  t.chainCapacityPerMin = new Float64Array(chains.length);
  t.cityCapacityPerMin = new Float64Array(cities.length);
  for (const s of list) {
    t.totalCapacityPerMin += s.capacityPerMinute;
    t.chainCapacityPerMin[t.chainOf[s.id]!]! += s.capacityPerMinute;
    t.cityCapacityPerMin[t.cityOf[s.id]!]! += s.capacityPerMinute;
  }
  return t;
}
