/**
 * The replay's timeline: the whole range at a glance under the scrubber (cumulative orders,
 * orders per second, shops over capacity), the order milestones ("5 M orders") and the alert
 * bands, built once per replay from its snapshots. Pure.
 */

import { type CombinedView, combineFrames } from "../frames/combine";
import { type AlertChange, type AlertSpan, alertSpans } from "../live/alert-annotations";
import type { HistoryPlan, SnapshotRow } from "../live/history";
import type { CumulativeOrders } from "./cumulative";
import { orderMilestones } from "./summary";

export interface TimelinePoint {
  /** Event-time ms of the bucket's newest snapshot. */
  t: number;
  /** Orders created since the start of the data. */
  ordersCreated: number;
  /** Orders created per second over the last minute. */
  ordersPerSec: number;
  shopsOverCapacity: number;
}

export interface ReplayTimeline {
  points: TimelinePoint[];
  /** When cumulative created orders first reached each milestone (event-time ms). */
  milestones: Array<{ orders: number; at: number }>;
  /** Per-rule bands during which alerts fired. */
  alerts: AlertSpan[];
  /** Alert episodes that fired in the range. */
  fired: number;
}

/**
 * @param rows snapshots in the plan's range, at most one per source and bucket
 *   (what `SnapshotReader.read` returns for a plan wider than a second)
 * @param changes the replay's alert state changes, oldest first
 * @param cumulative created orders in event time (the stored aggregates); without it the
 *   frames' totals are used, which run ahead of event time in a replay read at full speed
 */
export function buildTimeline(
  plan: HistoryPlan,
  rows: readonly SnapshotRow[],
  changes: readonly AlertChange[],
  cumulative?: CumulativeOrders,
): ReplayTimeline {
  const points: TimelinePoint[] = [];
  const milestones: ReplayTimeline["milestones"] = [];
  let next = 0;
  for (const { t: sec, view } of combinedPerBucket(plan, rows, { topK: 0 })) {
    const t = sec * 1000;
    points.push({
      t,
      ordersCreated: cumulative ? cumulative.at(t) : view.totals.ordersCreated,
      ordersPerSec: view.orders["1m"] / 60,
      shopsOverCapacity: view.shopsOverCapacity,
    });
    while (next < orderMilestones.length && points.at(-1)!.ordersCreated >= orderMilestones[next]!) {
      milestones.push({ orders: orderMilestones[next]!, at: t });
      next++;
    }
  }
  return {
    points,
    milestones: cumulative ? cumulative.milestones() : milestones,
    alerts: alertSpans(changes, plan.from * 1000),
    fired: changes.filter((c) => c.state === "firing").length,
  };
}

/**
 * The combined view at the end of each bucket (t: the bucket's newest snapshot, epoch seconds),
 * oldest first. A worker keeps its last frame until it reports again, so a bucket where one of
 * N workers had nothing new still counts that worker's totals.
 */
export function combinedPerBucket(
  plan: HistoryPlan,
  rows: readonly SnapshotRow[],
  { topK = 50 }: { topK?: number } = {},
): Array<{ t: number; view: CombinedView }> {
  const buckets = new Map<number, SnapshotRow[]>();
  for (const r of rows) {
    const b = Math.floor((r.t - plan.from) / plan.step);
    const list = buckets.get(b);
    if (list) list.push(r);
    else buckets.set(b, [r]);
  }
  const latest = new Map<string, SnapshotRow>();
  const out: Array<{ t: number; view: CombinedView }> = [];
  for (const b of [...buckets.keys()].sort((x, y) => x - y)) {
    for (const r of buckets.get(b)!) {
      const cur = latest.get(r.frame.source);
      if (!cur || r.t >= cur.t) latest.set(r.frame.source, r);
    }
    const frames = [...latest.values()];
    out.push({
      t: Math.max(...frames.map((r) => r.t)),
      view: combineFrames(
        frames.map((r) => r.frame),
        { topK },
      ),
    });
  }
  return out;
}

/** The alerts firing at `at` (event-time ms): the last change of each fingerprint at or before it. */
export function firingAt(changes: readonly AlertChange[], at: number): AlertChange[] {
  const last = new Map<string, AlertChange>();
  for (const c of changes) {
    if (c.at > at) break;
    last.set(c.fingerprint, c);
  }
  return [...last.values()].filter((c) => c.state === "firing");
}
