/**
 * Remembers event ids for at least an event-time horizon, so a re-sent event is counted once.
 *
 * Memory: ids are kept as hashes, not strings (about 40 bytes an id instead of 100+, and the
 * decoded events can be collected). Two generations of at most `horizonMs` each: an id is
 * remembered for between one and two horizons. A 53-bit hash picks the slot and a further
 * 32-bit hash confirms it, so two different ids are mistaken for each other with probability
 * about 2^-85 per pair; a slot clash (2^-53 per pair) makes the older id forgettable, which
 * can only let a duplicate through, never drop a new event.
 */
export interface Dedup {
  /** True if `id` was seen within the horizon; otherwise remembers it and returns false. */
  seen(id: string, ts: number): boolean;
  /** Moves to a new generation once the watermark has passed the current one's horizon. */
  expire(watermark: number): void;
  readonly size: number;
}

function hash(s: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32).
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** @param horizonMs default 5 minutes */
export function createDedup({ horizonMs = 300_000 } = {}): Dedup {
  let current = new Map<number, number>();
  let previous = new Map<number, number>();
  let generationStart: number | null = null;
  return {
    seen(id, ts) {
      const slot = hash(id, 0x811c9dc5) * 2 ** 21 + (hash(id, 0x9747b28c) >>> 11);
      const check = hash(id, 0x5bd1e995);
      if (current.get(slot) === check || previous.get(slot) === check) return true;
      current.set(slot, check);
      if (generationStart === null || ts < generationStart) generationStart = ts;
      return false;
    },
    expire(watermark) {
      if (generationStart === null || watermark - generationStart < horizonMs) return;
      previous = current;
      current = new Map();
      generationStart = watermark;
    },
    get size() {
      return current.size + previous.size;
    },
  };
}
