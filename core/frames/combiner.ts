/**
 * The stateful side of combining: keeps the latest frame per worker, forgets workers that went
 * quiet, and releases per-second points once every live worker has closed them.
 */
import { addSecondPoints, type CombinedView, combineFrames } from "./combine";
import type { Frame, SecondPoint } from "./frame";

export interface Combiner {
  /** Takes a frame; returns the per-second points that became complete, oldest first. */
  add(frame: Frame): SecondPoint[];
  /** The combined view of the live sources. */
  view(): CombinedView;
}

/**
 * @param clock wall clock in ms (default `Date.now`)
 * @param staleAfterMs a worker with no frame for this long is dropped (default 10 s)
 * @param topK shops kept in the view (default 50)
 */
export function createCombiner({
  clock = Date.now,
  staleAfterMs = 10_000,
  topK = 50,
}: {
  clock?: () => number;
  staleAfterMs?: number;
  topK?: number;
} = {}): Combiner {
  const latest = new Map<string, { frame: Frame; receivedAt: number }>();
  const pending = new Map<number, SecondPoint>();
  const closedBy = new Map<string, number>(); // source -> last closed second (exclusive end)
  let released = Number.NEGATIVE_INFINITY;

  const live = () => {
    const now = clock();
    for (const [src, v] of latest) {
      if (now - v.receivedAt > staleAfterMs) {
        latest.delete(src);
        closedBy.delete(src);
      }
    }
    return [...latest.values()].map((v) => v.frame);
  };

  return {
    add(frame) {
      latest.set(frame.source, { frame, receivedAt: clock() });
      for (const p of frame.seconds) {
        if (p.t < released) continue;
        const cur = pending.get(p.t);
        pending.set(p.t, cur ? addSecondPoints(cur, p) : p);
      }
      if (frame.watermark !== null) closedBy.set(frame.source, Math.floor(frame.watermark / 1000));
      live();
      // A second is complete when every live source's watermark has passed it.
      let horizon = Number.POSITIVE_INFINITY;
      for (const src of latest.keys())
        horizon = Math.min(horizon, closedBy.get(src) ?? Number.NEGATIVE_INFINITY);
      if (!Number.isFinite(horizon)) return [];
      const out = [...pending.keys()].filter((t) => t < horizon).sort((a, b) => a - b);
      const points = out.map((t) => pending.get(t)!);
      for (const t of out) pending.delete(t);
      if (out.length) released = out[out.length - 1]! + 1;
      return points;
    },
    view: () => combineFrames(live(), { topK }),
  };
}
