/**
 * Tea and coffee chains taking the vouchers. Shares and popularity are plausible, not reported:
 * the scenario names Heytea, Nayuki's Tea and Luckin; the rest fill out a realistic market, with
 * independent shops grouped as "Other".
 */

export interface Chain {
  name: string;
  /** Fraction of all shops that belong to this chain. */
  shopShare: number;
  /** Multiplier on a shop's popularity: premium brands draw more voucher orders per shop. */
  popularity: number;
  /** Range of drinks per minute a shop's counter makes. */
  capacityPerMinute: readonly [number, number];
  /** How strongly the chain concentrates in big cities (exponent on city weight; 1 = like everyone). */
  bigCityBias: number;
  /** The chain has flagship stores in the largest cities, which draw crowds. */
  flagships: boolean;
}

/** The independent shops' group name. */
export const otherChain = "Other";

/** Every chain, named ones first. Shares sum to 1. */
export const chains: readonly Chain[] = [
  {
    name: "Mixue",
    shopShare: 0.18,
    popularity: 0.7,
    capacityPerMinute: [3, 6],
    bigCityBias: 0.6,
    flagships: false,
  },
  {
    name: "Luckin",
    shopShare: 0.08,
    popularity: 1.6,
    capacityPerMinute: [4, 8],
    bigCityBias: 1.1,
    flagships: true,
  },
  {
    name: "Cotti Coffee",
    shopShare: 0.04,
    popularity: 0.9,
    capacityPerMinute: [3, 6],
    bigCityBias: 0.9,
    flagships: false,
  },
  {
    name: "Gu Ming",
    shopShare: 0.04,
    popularity: 1.0,
    capacityPerMinute: [2.5, 5],
    bigCityBias: 0.8,
    flagships: false,
  },
  {
    name: "Cha Baidao",
    shopShare: 0.03,
    popularity: 1.0,
    capacityPerMinute: [2.5, 5],
    bigCityBias: 0.9,
    flagships: false,
  },
  {
    name: "Auntea Jenny",
    shopShare: 0.03,
    popularity: 1.0,
    capacityPerMinute: [2.5, 5],
    bigCityBias: 0.9,
    flagships: false,
  },
  {
    name: "CoCo",
    shopShare: 0.025,
    popularity: 0.9,
    capacityPerMinute: [2.5, 5],
    bigCityBias: 1.0,
    flagships: false,
  },
  {
    name: "Chagee",
    shopShare: 0.02,
    popularity: 2.0,
    capacityPerMinute: [2.5, 5],
    bigCityBias: 1.3,
    flagships: true,
  },
  {
    name: "Shuyi",
    shopShare: 0.02,
    popularity: 0.9,
    capacityPerMinute: [2.5, 5],
    bigCityBias: 0.8,
    flagships: false,
  },
  {
    name: "Heytea",
    shopShare: 0.015,
    popularity: 3.0,
    capacityPerMinute: [2.5, 5],
    bigCityBias: 1.5,
    flagships: true,
  },
  {
    name: "Molly Tea",
    shopShare: 0.01,
    popularity: 1.5,
    capacityPerMinute: [2, 4.5],
    bigCityBias: 1.2,
    flagships: false,
  },
  {
    name: "Nayuki's Tea",
    shopShare: 0.006,
    popularity: 2.6,
    capacityPerMinute: [2, 4.5],
    bigCityBias: 1.6,
    flagships: true,
  },
  {
    name: "Lelecha",
    shopShare: 0.003,
    popularity: 2.2,
    capacityPerMinute: [2, 4],
    bigCityBias: 1.8,
    flagships: true,
  },
  {
    name: otherChain,
    shopShare: 0.501,
    popularity: 0.45,
    capacityPerMinute: [1, 3],
    bigCityBias: 1.0,
    flagships: false,
  },
];
