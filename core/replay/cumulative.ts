/**
 * Cumulative created orders in event time, from the stored per-minute aggregates. A worker's
 * frame totals count everything it has consumed, which in a replay runs ahead of its watermark
 * (it reads the log far faster than event time passed); the aggregates are bucketed by event
 * time, so "orders by 5:00" is exact. Pure.
 */
import { orderMilestones } from "./summary";

export interface CumulativeOrders {
  /** Created orders in the minutes that ended at or before `ms` (event-time epoch ms). */
  at(ms: number): number;
  /** When each milestone was first reached (end of that minute, ms). */
  milestones(): Array<{ orders: number; at: number }>;
  /** Total at the end of every minute, oldest first. */
  points(): Array<{ t: number; total: number }>;
}

/**
 * @param before created orders before the first minute
 * @param minutes created orders per minute (`t`: the minute's start, epoch seconds), any order
 */
export function cumulativeOrders(
  before: number,
  minutes: ReadonlyArray<{ t: number; created: number }>,
): CumulativeOrders {
  const sorted = [...minutes].sort((a, b) => a.t - b.t);
  const ends: number[] = [];
  const totals: number[] = [];
  let total = before;
  for (const m of sorted) {
    total += m.created;
    ends.push((m.t + 60) * 1000);
    totals.push(total);
  }
  return {
    at(ms) {
      // The last minute that ended at or before ms.
      let lo = 0;
      let hi = ends.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ends[mid]! <= ms) lo = mid + 1;
        else hi = mid;
      }
      return lo === 0 ? before : totals[lo - 1]!;
    },
    milestones() {
      const out: Array<{ orders: number; at: number }> = [];
      let next = 0;
      for (let i = 0; i < totals.length && next < orderMilestones.length; i++) {
        while (next < orderMilestones.length && totals[i]! >= orderMilestones[next]!) {
          out.push({ orders: orderMilestones[next]!, at: ends[i]! });
          next++;
        }
      }
      return out;
    },
    points: () => ends.map((t, i) => ({ t, total: totals[i]! })),
  };
}
