/**
 * Per-shop load for every shop at once, in typed arrays indexed by shop id: orders over the last
 * minute (a 60-second ring), the backlog that builds while arrivals exceed capacity (a fluid
 * queue drained at capacity), and the wait it implies. Memory is about 140 bytes per shop.
 *
 * Work per closed second is proportional to the active shops (an order in the last minute or a
 * backlog), not to all shops: a 9-hour launch closes 32,400 seconds, and visiting 300,000 shops
 * each time was most of a replay's CPU. Results are the same as visiting every shop.
 */
import type { CapacityTable } from "./capacity-table";

export interface ShopLoadEntry {
  shopId: number;
  ratePerMin: number;
  capacityPerMin: number;
  utilization: number;
  backlog: number;
  waitMin: number;
}

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
  /** Every shop whose last-minute order rate exceeds capacity x `factor`. */
  over(factor: number): ShopLoadEntry[];
  /** Whether a shop had any order in the last minute or still has a backlog. */
  active(shop: number): boolean;
  /** Swaps the capacity table (capacities were edited); state is kept. */
  setCapacity(table: CapacityTable): void;
  /** The first second not yet closed, or null before anything was closed. */
  readonly closedEnd: number | null;
}

const RING = 60;

/**
 * A list of shop ids in a typed array, reused: a second's arrivals and a ring slot's shops are
 * thousands of ids that live up to a minute, and as plain arrays they were most of what the
 * garbage collector had to copy.
 */
interface ShopList {
  ids: Int32Array;
  length: number;
}

const pushShop = (list: ShopList, shop: number) => {
  if (list.length === list.ids.length) {
    const bigger = new Int32Array(list.ids.length * 2);
    bigger.set(list.ids);
    list.ids = bigger;
  }
  list.ids[list.length++] = shop;
};

/** Released lists kept for reuse (beyond this many, they are left to the collector). */
const POOL = 4 * RING;

export function createShopLoad({ capacity }: { capacity: CapacityTable }): ShopLoadState {
  let table = capacity;
  const n = table.size;
  const ring = new Uint16Array(RING * n);
  const rate = new Uint32Array(n);
  const backlog = new Float32Array(n);
  const scratch = new Uint16Array(n);
  const pool: ShopList[] = [];
  const takeList = (): ShopList => pool.pop() ?? { ids: new Int32Array(64), length: 0 };
  const release = (list: ShopList) => {
    list.length = 0;
    if (pool.length < POOL) pool.push(list);
  };
  const pending = new Map<number, ShopList>();
  // The pending list arrivals went to last: consecutive orders mostly share a second.
  let lastSecond = 0;
  let lastList: ShopList | null = null;
  let closedEnd: number | null = null;
  // Shops with a non-zero ring entry, per ring slot.
  const slotShops: ShopList[] = Array.from({ length: RING }, takeList);
  // Every shop with rate > 0 or backlog > 0, unordered (`isActive` flags it, `activeAt` is its
  // index in `active`): a closed second visits only the shops whose state it can change, not
  // every active shop.
  const active = new Int32Array(n);
  const activeAt = new Int32Array(n);
  let activeCount = 0;
  const isActive = new Uint8Array(n);
  // One bit per shop with backlog > 0 (the only shops whose backlog changes without an arrival):
  // a closed second walks the set bits, in id order (the per-shop arrays' memory order).
  const backlogged = new Int32Array((n + 31) >>> 5);

  const activate = (shop: number) => {
    if (isActive[shop] === 1) return;
    isActive[shop] = 1;
    activeAt[shop] = activeCount;
    active[activeCount++] = shop;
  };
  const deactivate = (shop: number) => {
    if (isActive[shop] === 0) return;
    isActive[shop] = 0;
    const last = active[--activeCount]!;
    const at = activeAt[shop]!;
    active[at] = last;
    activeAt[last] = at;
  };

  const closeOne = (second: number) => {
    const arrivals = pending.get(second);
    pending.delete(second);
    const list = takeList();
    if (arrivals) {
      const ids = arrivals.ids;
      for (let i = 0; i < arrivals.length; i++) {
        const shop = ids[i]!;
        if (scratch[shop] === 0) pushShop(list, shop);
        scratch[shop]! += 1;
      }
      release(arrivals);
    }
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
      activate(shop); // its rate is at least this second's arrivals
    }
    // Every shop with an arrival or a backlog, ascending: its backlog grows by the arrivals and
    // drains at capacity.
    const cap = table.capacityPerMin;
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
        if (rate[shop] === 0) deactivate(shop);
      }
    }
    for (let i = 0; i < leaving.length; i++) {
      const shop = leaving[i]!;
      if (rate[shop] === 0 && !(backlog[shop]! > 0)) deactivate(shop);
    }
    for (let i = 0; i < touched.length; i++) scratch[touched[i]!] = 0;
    release(leavingList);
  };

  /**
   * The shops that may have load, ascending by id (the order a full scan would visit them).
   * Many active shops: a scan of the flags (a few ms for 300,000 shops) instead of a sort.
   */
  const activeShops = (): Int32Array => {
    if (activeCount * 16 < n) return active.slice(0, activeCount).sort();
    const out = new Int32Array(activeCount);
    let k = 0;
    for (let shop = 0; shop < n; shop++) if (isActive[shop] === 1) out[k++] = shop;
    return out;
  };

  const entry = (shop: number): ShopLoadEntry => {
    const capacityPerMin = table.capacityPerMin[shop] ?? 0;
    const ratePerMin = rate[shop] ?? 0;
    const b = backlog[shop] ?? 0;
    return {
      shopId: shop,
      ratePerMin,
      capacityPerMin,
      utilization:
        capacityPerMin > 0 ? ratePerMin / capacityPerMin : ratePerMin > 0 ? Number.POSITIVE_INFINITY : 0,
      backlog: b,
      waitMin: capacityPerMin > 0 ? b / capacityPerMin : 0,
    };
  };

  return {
    arrive(shop, second) {
      if (shop >= n) return;
      if (lastList === null || second !== lastSecond) {
        let list = pending.get(second);
        if (!list) pending.set(second, (list = takeList()));
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
        // A long quiet gap: the minute ring empties and backlogs drain for the whole gap.
        const gap = end - RING - closedEnd;
        ring.fill(0);
        rate.fill(0);
        for (const list of slotShops) list.length = 0;
        for (let i = 0; i < activeCount; i++) isActive[active[i]!] = 0;
        activeCount = 0;
        for (let w = 0; w < backlogged.length; w++) {
          let bits = backlogged[w]!;
          while (bits !== 0) {
            const low = bits & -bits;
            bits ^= low;
            const shop = (w << 5) | (31 - Math.clz32(low));
            const b = backlog[shop]!;
            backlog[shop] = Math.max(0, b - (table.capacityPerMin[shop]! / 60) * gap);
            if (backlog[shop]! > 0) activate(shop);
            else backlogged[w]! ^= low;
          }
        }
        for (const [s, list] of [...pending]) {
          if (s < end - RING) {
            pending.delete(s);
            release(list);
          }
        }
        closedEnd = end - RING;
      }
      for (let s = closedEnd; s < end; s++) closeOne(s);
      closedEnd = end;
    },
    entry,
    top(k) {
      // Bounded selection: keep the k best in a small sorted array (k is tens).
      const best: ShopLoadEntry[] = [];
      const cap = table.capacityPerMin;
      // Index loops: an iterator here cost an allocation per shop.
      const shops = activeShops();
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
        const e = entry(shop);
        let i = best.length;
        while (
          i > 0 &&
          (best[i - 1]!.utilization < u ||
            (best[i - 1]!.utilization === u && best[i - 1]!.backlog < e.backlog))
        )
          i--;
        best.splice(i, 0, e);
        if (best.length > k) best.pop();
      }
      return best;
    },
    overCapacity() {
      let count = 0;
      const cap = table.capacityPerMin;
      for (let i = 0; i < activeCount; i++) {
        const shop = active[i]!;
        if (rate[shop]! > cap[shop]!) count++;
      }
      return count;
    },
    over(factor) {
      const out: ShopLoadEntry[] = [];
      const cap = table.capacityPerMin;
      const shops = activeShops();
      for (let i = 0; i < shops.length; i++) {
        const shop = shops[i]!;
        if (rate[shop]! > cap[shop]! * factor) out.push(entry(shop));
      }
      return out;
    },
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
