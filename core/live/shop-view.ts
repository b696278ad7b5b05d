/**
 * One shop's live state: its reference data and its load, taken from the frame's watched shops
 * (present once a worker has read the `watch` topic) or from the top list.
 */
import type { CombinedView } from "../frames/combine";
import type { ShopLoad } from "../frames/frame";

/** A shop as the reference data describes it. */
export interface ShopInfo {
  id: number;
  chain: string;
  city: string;
  capacityPerMin: number;
  weight: number;
}

export interface ShopView {
  shopId: number;
  /** Null when the shop id is not in the reference data. */
  info: ShopInfo | null;
  /** Null until a worker reports the shop (it reads the `watch` topic every few seconds). */
  load: ShopLoad | null;
  /** 1-based position among the most overloaded shops, null when not in the list. */
  topRank: number | null;
  /** Wall-clock ms of the newest frame. */
  at: number;
}

/** One point of a shop's chart. `t` is epoch seconds. */
export interface ShopSample {
  t: number;
  ratePerMin: number;
  capacityPerMin: number;
  utilization: number;
  backlog: number;
  waitMin: number;
}

/** Finds the shop in the view; a watched entry wins over the top list (same numbers, always present). */
export function findShopLoad(view: Pick<CombinedView, "watchedShops" | "topShops">, shopId: number) {
  const watched = view.watchedShops.find((s) => s.shopId === shopId);
  const topIndex = view.topShops.findIndex((s) => s.shopId === shopId);
  return {
    load: watched ?? (topIndex >= 0 ? view.topShops[topIndex]! : null),
    topRank: topIndex >= 0 ? topIndex + 1 : null,
  };
}

export function buildShopView(view: CombinedView, shopId: number, info: ShopInfo | null): ShopView {
  const { load, topRank } = findShopLoad(view, shopId);
  return { shopId, info, load, topRank, at: view.at };
}

/** A chart point from a load at epoch second `t`. */
export function shopSample(load: ShopLoad, t: number): ShopSample {
  return {
    t,
    ratePerMin: load.ratePerMin,
    capacityPerMin: load.capacityPerMin,
    utilization: load.utilization,
    backlog: load.backlog,
    waitMin: load.waitMin,
  };
}
