/** A bounded, time-ordered series of chart samples for one room. */
export interface SampleRing<S extends { t: number }> {
  /** Appends; a sample with the same `t` as the last replaces it, an older one is ignored. */
  push(sample: S): void;
  /**
   * Samples newer than `since`. `reset` is true when the caller must replace its series: it has
   * none (`since` null), samples it never got were already evicted, or it has samples newer
   * than any here.
   */
  after(since: number | null): { samples: S[]; reset: boolean };
  last(): S | undefined;
  size(): number;
}

/**
 * @param capacity samples kept
 * @param gapResets a cursor before the first sample (minus one second) resets too: for series
 *   that restart at a new position (a replay's jump), where older samples belong elsewhere.
 *   Live series leave it off so a client keeps the history it backfilled from snapshots.
 */
export function createSampleRing<S extends { t: number }>(
  capacity: number,
  { gapResets = false }: { gapResets?: boolean } = {},
): SampleRing<S> {
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
      // A cursor past the newest sample belongs to another timeline (a replay moved back, a
      // restarted server): the caller must start over too.
      // An empty ring (a server that just started) has nothing to offer instead: no reset.
      const newest = items[items.length - 1]?.t ?? Number.POSITIVE_INFINITY;
      const gap = gapResets && since !== null && items.length > 0 && since < items[0]!.t - 1;
      if (since === null || since < lost || since > newest || gap)
        return { samples: keep.slice(), reset: true };
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
