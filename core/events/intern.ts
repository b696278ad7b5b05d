/**
 * A fixed-size cache from byte sequences to strings, so a value that repeats on every message
 * (a chain, a city, an endpoint, an enum) is one string, not a new one per event. Lossy: a slot
 * holds the last sequence hashed to it; a miss only costs a fresh string.
 */
export interface Interner {
  /** The string cached for bytes [from, to) of `b`, or undefined. */
  get(b: Uint8Array, from: number, to: number): string | undefined;
  /** Caches `value` for bytes [from, to) of `b` (not if longer than maxBytes) and returns it. */
  put(b: Uint8Array, from: number, to: number, value: string): string;
}

/**
 * @param slots power of two (default 4096)
 * @param maxBytes longest sequence cached (default 64)
 */
export function createInterner({ slots = 4096, maxBytes = 64 } = {}): Interner {
  if (slots & (slots - 1)) throw new RangeError("slots must be a power of two");
  const pool = new Uint8Array(slots * maxBytes);
  const lengths = new Int32Array(slots).fill(-1);
  const values: Array<string | undefined> = new Array(slots).fill(undefined);
  const slotOf = (b: Uint8Array, from: number, to: number): number => {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    return (h ^ (h >>> 15)) & (slots - 1);
  };
  return {
    get(b, from, to) {
      const len = to - from;
      if (len > maxBytes) return undefined;
      const slot = slotOf(b, from, to);
      if (lengths[slot] !== len) return undefined;
      const base = slot * maxBytes;
      for (let i = 0; i < len; i++) if (pool[base + i] !== b[from + i]) return undefined;
      return values[slot];
    },
    put(b, from, to, value) {
      const len = to - from;
      if (len > maxBytes) return value;
      const slot = slotOf(b, from, to);
      pool.set(b.subarray(from, to), slot * maxBytes);
      lengths[slot] = len;
      values[slot] = value;
      return value;
    },
  };
}
