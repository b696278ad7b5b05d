/**
 * Remembers event ids for an event-time horizon, so a re-sent event is counted once. Memory is
 * bounded by the ids inside the horizon (plus `maxIds` as a hard cap against floods).
 */
export interface Dedup {
  /** True if `id` was seen within the horizon; otherwise remembers it and returns false. */
  seen(id: string, ts: number): boolean;
  /** Forgets ids older than `watermark - horizon`. */
  expire(watermark: number): void;
  readonly size: number;
}

/** @param horizonMs default 5 minutes @param maxIds default 2,000,000 */
export function createDedup({ horizonMs = 300_000, maxIds = 2_000_000 } = {}): Dedup {
  const ids = new Map<string, number>();
  // Insertion-ordered queue; entries are expired from the front by their event time.
  let queue: string[] = [];
  let head = 0;
  const drop = () => {
    const id = queue[head++]!;
    ids.delete(id);
    if (head > 65_536 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };
  return {
    seen(id, ts) {
      if (ids.has(id)) return true;
      ids.set(id, ts);
      queue.push(id);
      if (ids.size > maxIds) drop();
      return false;
    },
    expire(watermark) {
      const limit = watermark - horizonMs;
      while (head < queue.length && (ids.get(queue[head]!) ?? Number.NEGATIVE_INFINITY) < limit) drop();
    },
    get size() {
      return ids.size;
    },
  };
}
