/**
 * History charts from persisted frame snapshots (one row per worker per second). A range is cut
 * into at most `maxPoints` buckets. When a bucket is one second wide the exact per-second points
 * the frames carry are used; when wider, the latest frame of each worker in the bucket is taken
 * and rates come from the smallest rolling window at least as long as the bucket, so the value
 * is the average over (about) the bucket instead of one sampled second.
 */
import { addSecondPoints, type CombinedView, combineFrames } from "../frames/combine";
import type { Frame, SecondPoint } from "../frames/frame";
import { secondsOf, type WindowName, windowNames, windowSeconds } from "../frames/windows";
import { type EndpointRow, endpointRowFromPoint, type OverviewRow, overviewRow } from "./chart-rows";
import { findShopLoad, type ShopSample, shopSample } from "./shop-view";

/** `1s`: exact per-second points; otherwise the rolling window rates are read from. */
export type HistoryResolution = "1s" | WindowName;

export interface HistoryPlan {
  /** Epoch seconds, inclusive. */
  from: number;
  /** Epoch seconds, inclusive. */
  to: number;
  /** Bucket width in seconds. */
  step: number;
  resolution: HistoryResolution;
}

export interface SnapshotRow {
  /** Epoch seconds (the snapshot's `t`). */
  t: number;
  frame: Frame;
}

export interface HistorySeries extends HistoryPlan {
  overview: OverviewRow[];
  endpoints: Record<string, EndpointRow[]>;
  /** Only the shops asked for, and only where a frame reported them. */
  shops: Record<string, ShopSample[]>;
  /** Latest capacity per endpoint seen in the range (requests/s). */
  endpointCapacity: Record<string, number>;
}

/**
 * A frame closes the seconds before its watermark, so the points of the range's last seconds
 * sit in snapshots up to this many seconds after it: readers fetch that much further.
 */
export const historySlackSec = 10;

/** Default upper bound of points per series. */
export const defaultMaxPoints = 600;

/** Cuts [from, to] into buckets; `from` > `to` is swapped, an empty range is one second wide. */
export function planHistory(from: number, to: number, maxPoints = defaultMaxPoints): HistoryPlan {
  const lo = Math.floor(Math.min(from, to));
  const hi = Math.floor(Math.max(from, to));
  const span = hi - lo + 1;
  const step = Math.max(1, Math.ceil(span / Math.max(1, maxPoints)));
  if (step === 1) return { from: lo, to: hi, step, resolution: "1s" };
  const i = windowSeconds.findIndex((w) => w >= step);
  return { from: lo, to: hi, step, resolution: windowNames[i < 0 ? windowNames.length - 1 : i]! };
}

/** Bucket index of epoch second `t`. */
export const bucketOf = (plan: HistoryPlan, t: number): number => Math.floor((t - plan.from) / plan.step);

/**
 * Keeps, per worker and bucket, the latest snapshot: what the SQL side should do for wide
 * buckets so it does not ship every row. Exposed so both sides agree (and for tests).
 */
export function latestPerSourceAndBucket(plan: HistoryPlan, rows: readonly SnapshotRow[]): SnapshotRow[] {
  const keep = new Map<string, SnapshotRow>();
  for (const r of rows) {
    if (r.t < plan.from || r.t > plan.to) continue;
    const k = `${r.frame.source}\u0000${bucketOf(plan, r.t)}`;
    const cur = keep.get(k);
    if (!cur || r.t > cur.t) keep.set(k, r);
  }
  return [...keep.values()];
}

function pushShops(
  into: Record<string, ShopSample[]>,
  view: CombinedView,
  shopIds: readonly number[],
  t: number,
) {
  for (const id of shopIds) {
    const { load } = findShopLoad(view, id);
    if (load) (into[String(id)] ??= []).push(shopSample(load, t));
  }
}

function combinedByGroup(rows: readonly SnapshotRow[], keyOf: (t: number) => number) {
  const groups = new Map<number, { t: number; frames: Frame[] }>();
  for (const r of rows) {
    const k = keyOf(r.t);
    const g = groups.get(k) ?? { t: r.t, frames: [] };
    g.t = Math.max(g.t, r.t);
    g.frames.push(r.frame);
    groups.set(k, g);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, g]) => ({ t: g.t, view: combineFrames(g.frames, { topK: Number.MAX_SAFE_INTEGER }) }));
}

/**
 * Builds the chart series for `plan` from snapshot rows (any order, any number per second).
 * `shopIds` selects the shops whose samples to extract.
 */
export function buildHistory(
  plan: HistoryPlan,
  rows: readonly SnapshotRow[],
  { shopIds = [] }: { shopIds?: readonly number[] } = {},
): HistorySeries {
  const out: HistorySeries = { ...plan, overview: [], endpoints: {}, shops: {}, endpointCapacity: {} };
  const inRange = rows.filter((r) => r.t >= plan.from && r.t <= plan.to);

  if (plan.resolution === "1s") {
    // Exact: every second each worker closed, summed over workers. A second is closed by a
    // later frame, so rows just past the range (see historySlackSec) contribute their points.
    const seconds = new Map<number, SecondPoint>();
    for (const r of rows) {
      for (const p of r.frame.seconds) {
        if (p.t < plan.from || p.t > plan.to) continue;
        const cur = seconds.get(p.t);
        seconds.set(p.t, cur ? addSecondPoints(cur, p) : p);
      }
    }
    const views = new Map(combinedByGroup(inRange, (t) => t).map((g) => [g.t, g.view]));
    const names = new Set<string>();
    for (const v of views.values()) for (const e of v.endpoints) names.add(e.endpoint);
    for (const p of seconds.values()) for (const n of Object.keys(p.api)) names.add(n);
    for (const p of [...seconds.values()].sort((a, b) => a.t - b.t)) {
      out.overview.push(overviewRow(p));
      const view = views.get(p.t);
      for (const n of names) {
        const load = view?.endpoints.find((e) => e.endpoint === n);
        const row = endpointRowFromPoint(p, n);
        if (load) Object.assign(row, { p50: load.p50, p95: load.p95, p99: load.p99 });
        (out.endpoints[n] ??= []).push(row);
      }
    }
    for (const [t, view] of [...views.entries()].sort((a, b) => a[0] - b[0])) {
      pushShops(out.shops, view, shopIds, t);
      for (const e of view.endpoints) out.endpointCapacity[e.endpoint] = e.capacityPerSec;
    }
    return out;
  }

  const w = plan.resolution;
  const secs = secondsOf[w];
  const sampled = latestPerSourceAndBucket(plan, inRange);
  for (const { t, view } of combinedByGroup(sampled, (t) => bucketOf(plan, t))) {
    let apiRequests = 0;
    let apiErrors = 0;
    for (const e of view.endpoints) {
      apiRequests += e.requests[w];
      apiErrors += e.errors[w];
      (out.endpoints[e.endpoint] ??= []).push({
        t,
        requests: e.requests[w] / secs,
        errors: e.errors[w] / secs,
        retries: e.retries[w] / secs,
        p50: e.p50,
        p95: e.p95,
        p99: e.p99,
      });
      out.endpointCapacity[e.endpoint] = e.capacityPerSec;
    }
    out.overview.push({
      t,
      orders: view.orders[w] / secs,
      made: (view.byStatus.made?.[w] ?? 0) / secs,
      failed: (view.byStatus.failed?.[w] ?? 0) / secs,
      downloads: view.downloads[w] / secs,
      invites: view.invites[w] / secs,
      apiRequests: apiRequests / secs,
      apiErrors: apiErrors / secs,
    });
    pushShops(out.shops, view, shopIds, t);
  }
  return out;
}
