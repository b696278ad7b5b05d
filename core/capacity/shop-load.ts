/**
 * Per-shop load for every shop at once, in typed arrays indexed by shop id: orders over the last
 * minute (a 60-second ring), the backlog that builds while arrivals exceed capacity (a fluid
 * queue drained at capacity), and the wait it implies. Memory is about 140 bytes per shop.
 *
 * Work per closed second is proportional to the active shops (an order in the last minute or a
 * backlog), not to all shops: a 9-hour launch closes 32,400 seconds, and visiting 300,000 shops
 * each time was most of a replay's CPU. Results are the same as visiting every shop.
 *
 * Parts: shop-seconds.ts (closing a second: the minute ring, backlogs), shop-lists.ts (reused
 * id lists), active-shops.ts (the shops that may have load), shop-ranking.ts (entries, the top
 * shops, the shops over capacity), over-capacity.ts (the shops over capacity per chain and city).
 */
import type { CapacityTable } from "./capacity-table";
import { createOverCapacityCounter, type OverCapacity } from "./over-capacity";
import { pushShop, type ShopList } from "./shop-lists";
import {
  countOverCapacity,
  type ShopLoadArrays,
  type ShopLoadEntry,
  shopEntry,
  shopsOver,
  topShops,
} from "./shop-ranking";
import { closeSecond, newShopSeconds, RING, skipGap } from "./shop-seconds";

export type { OverCapacity } from "./over-capacity";
export type { ShopLoadEntry } from "./shop-ranking";

export interface ShopLoadState {
  /** Counts one order created at `shop` during the still-open `second`. */
  arrive(shop: number, second: number): void;
  /** Closes every second before `end` (exclusive, epoch seconds), oldest first. */
  closeUntil(end: number): void;
  entry(shop: number): ShopLoadEntry;
  /** Most overloaded shops first (utilization, then backlog); exact. */
  top(k: number): ShopLoadEntry[];
  /** Shops whose last-minute order rate exceeds their capacity. */
  overCapacity(): number;
  /** The same count, and per chain and per city (one pass over the active shops). */
  overCapacityBy(): OverCapacity;
  /** Every shop whose last-minute order rate exceeds capacity x `factor`. */
  over(factor: number): ShopLoadEntry[];
  /** Whether a shop had any order in the last minute or still has a backlog. */
  active(shop: number): boolean;
  /** Swaps the capacity table (capacities were edited); state is kept. */
  setCapacity(table: CapacityTable): void;
  /** The first second not yet closed, or null before anything was closed. */
  readonly closedEnd: number | null;
}

export function createShopLoad({ capacity }: { capacity: CapacityTable }): ShopLoadState {
  let table = capacity;
  const n = table.size;
  const st = newShopSeconds(n);
  const { rate, backlog, pending } = st;
  const arrays: ShopLoadArrays = { rate, backlog, active: st.active };
  // The pending list arrivals went to last: consecutive orders mostly share a second.
  let lastSecond = 0;
  let lastList: ShopList | null = null;
  let closedEnd: number | null = null;
  const overCounter = createOverCapacityCounter();

  return {
    arrive(shop, second) {
      if (shop >= n) return;
      if (lastList === null || second !== lastSecond) {
        let list = pending.get(second);
        if (!list) pending.set(second, (list = st.lists.take()));
        lastList = list;
        lastSecond = second;
      }
      // Only whole non-negative ids: a typed array ignored any other index before.
      if (shop >= 0 && (shop | 0) === shop) pushShop(lastList, shop);
    },
    closeUntil(end) {
      lastList = null; // its second may close now
      if (closedEnd === null) {
        const earliest = Math.min(end, ...pending.keys());
        closedEnd = Number.isFinite(earliest) ? earliest : end;
      }
      if (end <= closedEnd) return;
      if (end - closedEnd > RING) {
        skipGap(st, table.capacityPerMin, closedEnd, end);
        closedEnd = end - RING;
      }
      for (let s = closedEnd; s < end; s++) closeSecond(st, table.capacityPerMin, s);
      closedEnd = end;
    },
    entry: (shop) => shopEntry(arrays, table.capacityPerMin, shop),
    top: (k) => topShops(arrays, table.capacityPerMin, k),
    overCapacity: () => countOverCapacity(arrays, table.capacityPerMin),
    overCapacityBy: () => overCounter.count(rate, st.active, table),
    over: (factor) => shopsOver(arrays, table.capacityPerMin, factor),
    active: (shop) => (rate[shop] ?? 0) > 0 || (backlog[shop] ?? 0) > 0,
    setCapacity(next) {
      if (next.size !== n) throw new Error(`capacity table size changed from ${n} to ${next.size}`);
      table = next;
    },
    get closedEnd() {
      return closedEnd;
    },
  };
}
