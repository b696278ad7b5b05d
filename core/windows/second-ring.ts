/**
 * Event-time counts per second for a set of keys, in one typed array laid out second-major
 * (a ring of `slots` seconds). Memory is slots x key capacity x 4 bytes whatever the traffic.
 * Rolling windows are sums over the last N closed seconds.
 */
export interface SecondRing {
  /** Adds `n` to `key` at epoch second `second`. Seconds older than the ring are ignored (returns false). */
  add(key: number, second: number, n?: number): boolean;
  get(key: number, second: number): number;
  /** Sums per key over seconds [from, to). Writes into `out` (length >= keys) and returns it. */
  sumRange(from: number, to: number, out?: Float64Array): Float64Array;
  readonly keys: number;
  readonly slots: number;
}

/**
 * @param keys key capacity (grows by doubling when a larger key index arrives)
 * @param slots seconds kept (default 1024: a 15-minute window plus grace)
 */
export function createSecondRing({
  keys = 8,
  slots = 1024,
}: {
  keys?: number;
  slots?: number;
} = {}): SecondRing {
  let cap = Math.max(1, keys);
  let counts = new Uint32Array(slots * cap);
  const slotSecond = new Float64Array(slots).fill(Number.NEGATIVE_INFINITY);

  const grow = (needed: number) => {
    let next = cap;
    while (next <= needed) next *= 2;
    const grown = new Uint32Array(slots * next);
    for (let s = 0; s < slots; s++) grown.set(counts.subarray(s * cap, s * cap + cap), s * next);
    counts = grown;
    cap = next;
  };

  const slotFor = (second: number, create: boolean): number => {
    const slot = ((second % slots) + slots) % slots;
    const held = slotSecond[slot]!;
    if (held === second) return slot;
    if (!create || second < held) return -1;
    counts.fill(0, slot * cap, slot * cap + cap);
    slotSecond[slot] = second;
    return slot;
  };

  return {
    add(key, second, n = 1) {
      if (key >= cap) grow(key);
      const slot = slotFor(second, true);
      if (slot < 0) return false;
      counts[slot * cap + key]! += n;
      return true;
    },
    get(key, second) {
      if (key >= cap) return 0;
      const slot = slotFor(second, false);
      return slot < 0 ? 0 : counts[slot * cap + key]!;
    },
    sumRange(from, to, out = new Float64Array(cap)) {
      out.fill(0);
      const start = Math.max(from, to - slots);
      for (let sec = start; sec < to; sec++) {
        const slot = slotFor(sec, false);
        if (slot < 0) continue;
        const base = slot * cap;
        const n = Math.min(out.length, cap);
        for (let k = 0; k < n; k++) out[k]! += counts[base + k]!;
      }
      return out;
    },
    get keys() {
      return cap;
    },
    slots,
  };
}
