/**
 * The shops that may have load (an order in the last minute or a backlog), unordered, with
 * constant-time add and remove: a closed second and a ranking visit only these, not every shop.
 */
export interface ActiveShops {
  add(shop: number): void;
  remove(shop: number): void;
  has(shop: number): boolean;
  /** Forgets every shop. */
  clear(): void;
  readonly count: number;
  /** The active shops, ascending by id (the order a full scan would visit them). */
  ascending(): Int32Array;
  /**
   * The set's own array: its first `count` entries are the active shops, in no particular order.
   * Read it in a loop (a call per shop doubled the cost of a pass over 300,000); never write it.
   */
  readonly ids: Int32Array;
}

export function createActiveShops(n: number): ActiveShops {
  const active = new Int32Array(n);
  // `isActive` flags a shop, `activeAt` is its index in `active`.
  const activeAt = new Int32Array(n);
  const isActive = new Uint8Array(n);
  let count = 0;
  return {
    add(shop) {
      if (isActive[shop] === 1) return;
      isActive[shop] = 1;
      activeAt[shop] = count;
      active[count++] = shop;
    },
    remove(shop) {
      if (isActive[shop] === 0) return;
      isActive[shop] = 0;
      const last = active[--count]!;
      const at = activeAt[shop]!;
      active[at] = last;
      activeAt[last] = at;
    },
    has: (shop) => isActive[shop] === 1,
    clear() {
      for (let i = 0; i < count; i++) isActive[active[i]!] = 0;
      count = 0;
    },
    get count() {
      return count;
    },
    // Few active shops: sort them; many: a scan of the flags (a few ms for 300,000) instead.
    ascending() {
      if (count * 16 < n) return active.slice(0, count).sort();
      const out = new Int32Array(count);
      let k = 0;
      for (let shop = 0; shop < n; shop++) if (isActive[shop] === 1) out[k++] = shop;
      return out;
    },
    ids: active,
  };
}
