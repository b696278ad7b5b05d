/** A bounded, time-ordered series of chart samples for one room. */
export interface SampleRing<S extends { t: number }> {
  /** Appends; a sample with the same `t` as the last replaces it, an older one is ignored. */
  push(sample: S): void;
  /**
   * Samples newer than `since`. `reset` is true when the caller must replace its series: it has
   * none (`since` null) or samples it never got were already evicted.
   */
  after(since: number | null): { samples: S[]; reset: boolean };
  last(): S | undefined;
  size(): number;
}

export function createSampleRing<S extends { t: number }>(capacity: number): SampleRing<S> {
  let items: S[] = [];
  let evictedUpTo = Number.NEGATIVE_INFINITY;
  return {
    push(sample) {
      const last = items[items.length - 1];
      if (last && sample.t < last.t) return;
      if (last && sample.t === last.t) items[items.length - 1] = sample;
      else items.push(sample);
      if (items.length > capacity * 2) {
        // Trim in batches so pushes stay O(1) amortized.
        const cut = items.length - capacity;
        evictedUpTo = items[cut - 1]!.t;
        items = items.slice(cut);
      }
    },
    after(since) {
      const keep = items.length > capacity ? items.slice(items.length - capacity) : items;
      // The newest sample this ring can no longer return; a cursor before it has a gap.
      const lost = items.length > capacity ? items[items.length - capacity - 1]!.t : evictedUpTo;
      if (since === null || since < lost) return { samples: keep.slice(), reset: true };
      // Binary search for the first sample after `since`.
      let lo = 0;
      let hi = keep.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keep[mid]!.t <= since) lo = mid + 1;
        else hi = mid;
      }
      return { samples: keep.slice(lo), reset: false };
    },
    last: () => items[items.length - 1],
    size: () => Math.min(items.length, capacity),
  };
}
