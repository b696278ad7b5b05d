/**
 * Reading the shops' load: one shop's entry, the most overloaded shops (exact, bounded
 * selection), and the shops over capacity x a factor. Visits only the active shops.
 */
import type { ActiveShops } from "./active-shops";

export interface ShopLoadEntry {
  shopId: number;
  ratePerMin: number;
  capacityPerMin: number;
  utilization: number;
  backlog: number;
  waitMin: number;
}

/** What the readers see of the load: per-shop arrays indexed by shop id. */
export interface ShopLoadArrays {
  /** Orders over the last minute. */
  rate: Uint32Array;
  backlog: Float32Array;
  active: ActiveShops;
}

export function shopEntry(a: ShopLoadArrays, cap: Float32Array, shop: number): ShopLoadEntry {
  const capacityPerMin = cap[shop] ?? 0;
  const ratePerMin = a.rate[shop] ?? 0;
  const b = a.backlog[shop] ?? 0;
  return {
    shopId: shop,
    ratePerMin,
    capacityPerMin,
    utilization:
      capacityPerMin > 0 ? ratePerMin / capacityPerMin : ratePerMin > 0 ? Number.POSITIVE_INFINITY : 0,
    backlog: b,
    waitMin: capacityPerMin > 0 ? b / capacityPerMin : 0,
  };
}

/** Most overloaded shops first (utilization, then backlog); exact. */
export function topShops(a: ShopLoadArrays, cap: Float32Array, k: number): ShopLoadEntry[] {
  const { rate, backlog } = a;
  // Bounded selection: keep the k best in a small sorted array (k is tens).
  const best: ShopLoadEntry[] = [];
  // Index loops: an iterator here cost an allocation per shop.
  const shops = a.active.ascending();
  for (let at = 0; at < shops.length; at++) {
    const shop = shops[at]!;
    const r = rate[shop]!;
    if (r === 0 && backlog[shop]! === 0) continue;
    const c = cap[shop]!;
    const u = c > 0 ? r / c : Number.POSITIVE_INFINITY;
    if (best.length === k) {
      const worst = best[k - 1]!;
      if (u < worst.utilization || (u === worst.utilization && backlog[shop]! <= worst.backlog)) continue;
    }
    const e = shopEntry(a, cap, shop);
    let i = best.length;
    while (
      i > 0 &&
      (best[i - 1]!.utilization < u || (best[i - 1]!.utilization === u && best[i - 1]!.backlog < e.backlog))
    )
      i--;
    best.splice(i, 0, e);
    if (best.length > k) best.pop();
  }
  return best;
}

/** How many shops' last-minute order rate exceeds their capacity. */
export function countOverCapacity(a: ShopLoadArrays, cap: Float32Array): number {
  let count = 0;
  const { rate } = a;
  const { ids, count: n } = a.active;
  for (let i = 0; i < n; i++) {
    const shop = ids[i]!;
    if (rate[shop]! > cap[shop]!) count++;
  }
  return count;
}

/** Every shop whose last-minute order rate exceeds capacity x `factor`, ascending by id. */
export function shopsOver(a: ShopLoadArrays, cap: Float32Array, factor: number): ShopLoadEntry[] {
  const out: ShopLoadEntry[] = [];
  const shops = a.active.ascending();
  for (let i = 0; i < shops.length; i++) {
    const shop = shops[i]!;
    if (a.rate[shop]! > cap[shop]! * factor) out.push(shopEntry(a, cap, shop));
  }
  return out;
}
