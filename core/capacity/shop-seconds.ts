/**
 * Closing seconds of shop arrivals: each closed second enters the 60-second ring of per-shop
 * counts (the one from a minute ago leaves it), grows the backlogs of shops whose arrivals
 * exceed capacity and drains them at capacity. Visits only the shops it can change.
 */
import { type ActiveShops, createActiveShops } from "./active-shops";
import { createShopListPool, pushShop, type ShopList, type ShopListPool } from "./shop-lists";

/** Seconds of the per-shop order ring: rates are per minute. */
export const RING = 60;
/** Released lists kept for reuse (beyond this many, they are left to the collector). */
const POOL = 4 * RING;

export interface ShopSeconds {
  n: number;
  /** Orders per shop per ring second, second-major. */
  ring: Uint16Array;
  /** Orders over the last minute per shop. */
  rate: Uint32Array;
  backlog: Float32Array;
  /** This second's arrivals per shop while it closes (zero otherwise). */
  scratch: Uint16Array;
  lists: ShopListPool;
  /** Arrivals per still-open second. */
  pending: Map<number, ShopList>;
  /** Shops with a non-zero ring entry, per ring slot. */
  slotShops: ShopList[];
  /** Every shop with rate > 0 or backlog > 0. */
  active: ActiveShops;
  /**
   * One bit per shop with backlog > 0 (the only shops whose backlog changes without an arrival):
   * a closed second walks the set bits, in id order (the per-shop arrays' memory order).
   */
  backlogged: Int32Array;
}

export function newShopSeconds(n: number): ShopSeconds {
  const lists = createShopListPool(POOL);
  return {
    n,
    ring: new Uint16Array(RING * n),
    rate: new Uint32Array(n),
    backlog: new Float32Array(n),
    scratch: new Uint16Array(n),
    lists,
    pending: new Map(),
    slotShops: Array.from({ length: RING }, lists.take),
    active: createActiveShops(n),
    backlogged: new Int32Array((n + 31) >>> 5),
  };
}

/** This second's arrivals, one entry per shop (counts in `scratch`). */
function arrivalsOf(st: ShopSeconds, second: number): ShopList {
  const { pending, lists, scratch } = st;
  const arrivals = pending.get(second);
  pending.delete(second);
  const list = lists.take();
  if (!arrivals) return list;
  const ids = arrivals.ids;
  for (let i = 0; i < arrivals.length; i++) {
    const shop = ids[i]!;
    if (scratch[shop] === 0) pushShop(list, shop);
    scratch[shop]! += 1;
  }
  lists.release(arrivals);
  return list;
}

/** Every shop with an arrival or a backlog, ascending: its backlog grows by the arrivals and drains at capacity. */
function drainBacklogs(st: ShopSeconds, cap: Float32Array): void {
  const { backlogged, backlog, scratch, rate, active } = st;
  for (let w = 0; w < backlogged.length; w++) {
    let bits = backlogged[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const shop = (w << 5) | (31 - Math.clz32(low));
      const b = backlog[shop]!;
      backlog[shop] = Math.max(0, b + scratch[shop]! - cap[shop]! / 60);
      if (backlog[shop]! > 0) continue;
      backlogged[w]! ^= low;
      if (rate[shop] === 0) active.remove(shop);
    }
  }
}

/** Closes one second (capacities per minute in `cap`). */
export function closeSecond(st: ShopSeconds, cap: Float32Array, second: number): void {
  const { n, ring, rate, backlog, scratch, slotShops, active, backlogged } = st;
  const list = arrivalsOf(st, second);
  const touched = list.ids.subarray(0, list.length);
  const slot = ((second % RING) + RING) % RING;
  const base = slot * n;
  // The ring slot's entries from a minute ago leave the rate; this second's arrivals enter it.
  const leavingList = slotShops[slot]!;
  const leaving = leavingList.ids.subarray(0, leavingList.length);
  for (let i = 0; i < leaving.length; i++) {
    const shop = leaving[i]!;
    if (scratch[shop] !== 0) continue;
    rate[shop] = rate[shop]! - ring[base + shop]!;
    ring[base + shop] = 0;
  }
  for (let i = 0; i < touched.length; i++) {
    const shop = touched[i]!;
    rate[shop] = rate[shop]! + scratch[shop]! - ring[base + shop]!;
    ring[base + shop] = scratch[shop]!;
  }
  slotShops[slot] = list;
  // Only shops with an arrival, a backlog or an entry leaving the ring can change; those with
  // neither rate nor backlog leave the active set.
  for (let i = 0; i < touched.length; i++) {
    const shop = touched[i]!;
    backlogged[shop >>> 5]! |= 1 << (shop & 31);
    active.add(shop); // its rate is at least this second's arrivals
  }
  drainBacklogs(st, cap);
  for (let i = 0; i < leaving.length; i++) {
    const shop = leaving[i]!;
    if (rate[shop] === 0 && !(backlog[shop]! > 0)) active.remove(shop);
  }
  for (let i = 0; i < touched.length; i++) scratch[touched[i]!] = 0;
  st.lists.release(leavingList);
}

/** A quiet gap longer than the ring from `from` to `end`: the minute ring empties and backlogs drain for it. */
export function skipGap(st: ShopSeconds, cap: Float32Array, from: number, end: number): void {
  const { backlogged, backlog, active } = st;
  const gap = end - RING - from;
  st.ring.fill(0);
  st.rate.fill(0);
  for (const list of st.slotShops) list.length = 0;
  active.clear();
  for (let w = 0; w < backlogged.length; w++) {
    let bits = backlogged[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const shop = (w << 5) | (31 - Math.clz32(low));
      const b = backlog[shop]!;
      backlog[shop] = Math.max(0, b - (cap[shop]! / 60) * gap);
      if (backlog[shop]! > 0) active.add(shop);
      else backlogged[w]! ^= low;
    }
  }
  for (const [s, list] of [...st.pending]) {
    if (s < end - RING) {
      st.pending.delete(s);
      st.lists.release(list);
    }
  }
}
