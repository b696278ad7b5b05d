/**
 * Timelines read without a playback (the printable report, a page's first load), reused for a
 * while: a finished replay does not change, and each read scans its whole range. A failed read
 * is not kept.
 */
export interface TimelineCache<T> {
  /** The cached result for `id` when fresh, else `load()`'s (kept from now on). */
  get(id: string, load: () => Promise<T>): Promise<T>;
}

export function createTimelineCache<T>({
  ttlMs,
  clock,
  maxEntries = 100,
}: {
  ttlMs: number;
  clock: () => number;
  /** The oldest entry goes when a new one would pass this (default 100). */
  maxEntries?: number;
}): TimelineCache<T> {
  const entries = new Map<string, { at: number; result: Promise<T> }>();
  return {
    get(id, load) {
      const cached = entries.get(id);
      if (cached && clock() - cached.at < ttlMs) return cached.result;
      const result = load();
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(id, { at: clock(), result });
      result.catch(() => entries.delete(id));
      return result;
    },
  };
}
