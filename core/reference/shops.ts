/**
 * The 300,000 shops, generated from a seed. Columnar (typed arrays indexed by shop id, ids dense
 * 0..count-1) so the aggregation worker can keep per-shop state in typed arrays and the simulator
 * can build its alias table without 300,000 objects.
 */
import { createAliasTable } from "../simulation/alias";
import { pareto, uniform } from "../simulation/distributions";
import { createRng } from "../simulation/rng";
import { type Chain, chains as defaultChains } from "./chains";
import { type City, cityList } from "./cities";

/** Shops nationwide in the scenario. */
export const defaultShopCount = 300_000;

/** Seed of the reference data when none is given (the seeding script and the simulator agree on it). */
export const defaultReferenceSeed = "launchwatch";

/** Flagship stores are the first shop of a flagship chain in each of this many largest cities. */
const flagshipCities = 25;

export interface ShopTable {
  readonly count: number;
  /** Chain names; `chainIndex[id]` points here. */
  readonly chains: readonly string[];
  /** City names; `cityIndex[id]` points here. */
  readonly cities: readonly string[];
  readonly chainIndex: Uint8Array;
  readonly cityIndex: Uint16Array;
  /** Drinks per minute the counter makes. */
  readonly capacityPerMinute: Float64Array;
  /** Relative popularity (heavy-tailed): the share of voucher orders is weight / sum of weights. */
  readonly weight: Float64Array;
  /** 1 for a chain's flagship store in a big city. */
  readonly flagship: Uint8Array;
}

/** One shop as a row (seeding, tests, display). */
export interface Shop {
  id: number;
  chain: string;
  city: string;
  capacityPerMinute: number;
  weight: number;
  flagship: boolean;
}

export interface ShopOptions {
  /** Default {@link defaultReferenceSeed}. */
  seed?: string;
  /** Default {@link defaultShopCount}. */
  count?: number;
  /** Default the full city list (300). */
  cities?: readonly City[];
  /** Default the chain list in chains.ts. */
  chains?: readonly Chain[];
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Generates the shop table. Same options, same table. Popularity is Pareto (tail index 1.5, capped at 150)
 * times the chain's popularity times a big-city factor; flagships get 12-25x on top, so a
 * flagship of a popular chain draws hundreds of orders an hour while making a few drinks a minute.
 */
export function generateShops({
  seed = defaultReferenceSeed,
  count = defaultShopCount,
  cities = cityList(),
  chains = defaultChains,
}: ShopOptions = {}): ShopTable {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`shop count must be a positive integer, got ${count}`);
  const rng = createRng(seed, "shops");
  const chainPick = createAliasTable(chains.map((c) => c.shopShare));
  const cityPicks = chains.map((c) => createAliasTable(cities.map((city) => city.weight ** c.bigCityBias)));
  const topCityWeight = cities[0]?.weight ?? 1;

  const chainIndex = new Uint8Array(count);
  const cityIndex = new Uint16Array(count);
  const capacityPerMinute = new Float64Array(count);
  const weight = new Float64Array(count);
  const flagship = new Uint8Array(count);
  const flagshipTaken = new Set<number>();

  for (let id = 0; id < count; id++) {
    const c = chainPick.sample(rng);
    const chain = chains[c]!;
    const city = cityPicks[c]!.sample(rng);
    chainIndex[id] = c;
    cityIndex[id] = city;
    let cap = uniform(rng, chain.capacityPerMinute[0], chain.capacityPerMinute[1]);
    // Shops in big cities are busier places to begin with.
    let w =
      Math.min(pareto(rng, 1, 1.5), 150) * chain.popularity * (cities[city]!.weight / topCityWeight) ** 0.25;
    const isFlagship = chain.flagships && city < flagshipCities && !flagshipTaken.has(c * 65_536 + city);
    const boost = uniform(rng, 12, 25);
    if (isFlagship) {
      flagshipTaken.add(c * 65_536 + city);
      flagship[id] = 1;
      cap *= 1.5;
      w *= boost;
    }
    capacityPerMinute[id] = round(cap, 1);
    weight[id] = round(w, 4);
  }
  return {
    count,
    chains: chains.map((c) => c.name),
    cities: cities.map((c) => c.name),
    chainIndex,
    cityIndex,
    capacityPerMinute,
    weight,
    flagship,
  };
}

/** The row view of shop `id`. */
export function shopAt(table: ShopTable, id: number): Shop {
  if (!(id >= 0 && id < table.count)) throw new RangeError(`no shop ${id} (ids are 0..${table.count - 1})`);
  return {
    id,
    chain: table.chains[table.chainIndex[id]!]!,
    city: table.cities[table.cityIndex[id]!]!,
    capacityPerMinute: table.capacityPerMinute[id]!,
    weight: table.weight[id]!,
    flagship: table.flagship[id] === 1,
  };
}
