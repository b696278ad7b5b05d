/**
 * Which shops were overloaded during a run: a shop counts when, over some 10-minute window, its
 * voucher orders per minute (scaled back to full volume) exceeded its capacity per minute. The
 * window is long enough that a single order at a small scale is not mistaken for a rush.
 */

export interface OverloadedShop {
  shopId: number;
  capacityPerMinute: number;
  /** Highest orders per minute over a window, at full scale. */
  peakOrdersPerMinute: number;
}

export interface ShopLoadTracker {
  /** Counts one created order for `shopId` in simulated second `second` (non-decreasing). */
  record(shopId: number, second: number): void;
  /** Shops overloaded in at least one window so far. */
  overloadedCount(): number;
  /** The `k` most overloaded shops, by peak rate over capacity. */
  top(k: number): OverloadedShop[];
}

/**
 * @param capacityPerMinute reference capacities by shop id
 * @param scale volume scale of the run (default 1)
 * @param windowSec window length (default 600)
 * @param minOrders orders a window needs before it can count as overloaded (default 3)
 */
export function createShopLoadTracker({
  capacityPerMinute,
  scale = 1,
  windowSec = 600,
  minOrders = 3,
}: {
  capacityPerMinute: Float64Array;
  scale?: number;
  windowSec?: number;
  minOrders?: number;
}): ShopLoadTracker {
  const counts = new Int32Array(capacityPerMinute.length);
  const peak = new Float64Array(capacityPerMinute.length);
  const touched: number[] = [];
  const perOrder = 1 / (windowSec / 60) / scale;
  let window = 0;
  let overloaded = 0;

  return {
    record(shopId, second) {
      const w = Math.floor(second / windowSec);
      if (w !== window) {
        for (const shop of touched) counts[shop] = 0;
        touched.length = 0;
        window = w;
      }
      const c = ++counts[shopId]!;
      if (c === 1) touched.push(shopId);
      // Counts only grow within a window, so checking as they grow equals checking at its end.
      const perMinute = c * perOrder;
      if (c >= minOrders && perMinute > capacityPerMinute[shopId]! && perMinute > peak[shopId]!) {
        if (peak[shopId] === 0) overloaded++;
        peak[shopId] = perMinute;
      }
    },
    overloadedCount: () => overloaded,
    top(k) {
      const out: OverloadedShop[] = [];
      for (let id = 0; id < peak.length; id++) {
        if (peak[id]! > 0)
          out.push({ shopId: id, capacityPerMinute: capacityPerMinute[id]!, peakOrdersPerMinute: peak[id]! });
      }
      out.sort(
        (a, b) => b.peakOrdersPerMinute / b.capacityPerMinute - a.peakOrdersPerMinute / a.capacityPerMinute,
      );
      return out
        .slice(0, k)
        .map((s) => ({ ...s, peakOrdersPerMinute: Math.round(s.peakOrdersPerMinute * 10) / 10 }));
    },
  };
}
