/**
 * The live state of one web process: the latest frame of every worker (via the combiner), the
 * chart samples of each room, and the current view of each room, computed once per change and
 * shared by every socket in the room. Knows nothing about sockets or Kafka.
 */

import type { CombinedView } from "../../core/frames/combine";
import { createCombiner } from "../../core/frames/combiner";
import type { Frame, SecondPoint } from "../../core/frames/frame";
import { type ActiveAlert, sortAlerts } from "../../core/live/alerts";
import { buildBreakdown } from "../../core/live/breakdown";
import { buildEndpointView, type EndpointSample, endpointSample } from "../../core/live/endpoint-view";
import { buildOverview } from "../../core/live/overview";
import { emptyCapacity, type ReferenceCapacity } from "../../core/live/reference-capacity";
import {
  buildShopView,
  findShopLoad,
  type ShopInfo,
  type ShopSample,
  shopSample,
} from "../../core/live/shop-view";
import type { AlertSourceState, FeedState, LiveUpdate } from "../../core/live/socket-events";
import { type RoomName, viewOfRoom } from "../../core/live/views";
import { createReportBook } from "../../core/pipeline/reports";
import {
  defaultStatusRule,
  type PipelineStatus,
  pipelineStatus,
  type StatusRule,
} from "../../core/pipeline/status";
import { createSampleRing, type SampleRing } from "./sample-ring";

export interface LiveHub {
  /** Takes a decoded frame from any worker. */
  addFrame(frame: Frame): void;
  /**
   * Forgets the frames and chart samples (keeps rooms, capacity, shop info): a replay that jumps
   * in time starts its views again from the frames at the new position.
   */
  reset(): void;
  setAlerts(alerts: readonly ActiveAlert[], source?: AlertSourceState): void;
  setCapacity(capacity: ReferenceCapacity): void;
  setShopInfo(shopId: number, info: ShopInfo | null): void;
  hasShopInfo(shopId: number): boolean;
  /** A socket joined a room; the hub keeps samples for rooms someone watches. */
  join(room: RoomName): void;
  leave(room: RoomName): void;
  /** Shop ids of the shop rooms with at least one member. */
  watchedShops(): number[];
  /** The room's update for a client that has samples up to `since`. Null for an unknown room. */
  update(room: RoomName, since: number | null, sentAt: number): LiveUpdate | null;
  /** Called after every change with the rooms that changed (only rooms with members). */
  onChange(listener: (rooms: RoomName[]) => void): () => void;
  /** Called when the set of watched shops changes. */
  onWatchChange(listener: (shopIds: number[]) => void): () => void;
  feed(): { state: FeedState; lastFrameAt: number | null; sources: number; pipeline: PipelineStatus };
  /** The combined view, for the JSON API. Null before the first frame. */
  combined(): CombinedView | null;
  capacity(): ReferenceCapacity;
}

export interface LiveHubOptions {
  clock?: () => number;
  /** A worker silent this long is dropped from the combined view (default 10 s). */
  sourceStaleAfterMs?: number;
  /** The feed counts as stale when no frame arrived for this long (default 5 s). */
  feedStaleAfterMs?: number;
  /** Chart samples kept per room (default 900: 15 minutes of seconds). */
  seriesLength?: number;
  /** Shops in the overview's top list (default 10). */
  overviewTopShops?: number;
  /** Corrects each combined view before it is shown (a replay sets its totals to event time). */
  adjust?: (view: CombinedView) => CombinedView;
  /** When the pipeline counts as behind, silent or stale (core/pipeline/status.ts). */
  statusRule?: Partial<StatusRule>;
}

export function createLiveHub({
  clock = Date.now,
  sourceStaleAfterMs = 10_000,
  feedStaleAfterMs = 5_000,
  seriesLength = 900,
  overviewTopShops = 10,
  adjust,
  statusRule,
}: LiveHubOptions = {}): LiveHub {
  const rule: StatusRule = { ...defaultStatusRule, silentAfterMs: sourceStaleAfterMs, ...statusRule };
  /** The last frame header of every worker heard from (silent ones too, for "No data from X"). */
  const reports = createReportBook({ forgetAfterMs: rule.forgetAfterMs });
  let combiner = createCombiner({ clock, staleAfterMs: sourceStaleAfterMs, topK: 50 });
  let current: CombinedView | null = null;
  let lastFrameAt: number | null = null;
  let seq = 0;
  let capacity = emptyCapacity();
  let alerts: ActiveAlert[] = [];
  let alertSource: AlertSourceState = "not-configured";
  let alertsAt = 0;
  const members = new Map<RoomName, number>();
  const shopInfo = new Map<number, ShopInfo | null>();
  let overviewSeries = createSampleRing<SecondPoint>(seriesLength);
  /** Set by the first reset (replays): series restart at positions. */
  let strict = false;
  const endpointSeries = new Map<string, SampleRing<EndpointSample>>();
  const shopSeries = new Map<number, SampleRing<ShopSample>>();
  const viewCache = new Map<RoomName, { seq: number; view: unknown }>();
  const changeListeners = new Set<(rooms: RoomName[]) => void>();
  const watchListeners = new Set<(ids: number[]) => void>();

  const watched = () =>
    [...members.keys()]
      .map(viewOfRoom)
      .flatMap((v) => (v?.kind === "shop" ? [v.shopId] : []))
      .sort((a, b) => a - b);

  const changed = (rooms?: RoomName[]) => {
    seq++;
    const list = rooms ?? [...members.keys()];
    if (list.length === 0) return;
    for (const l of changeListeners) l(list);
  };

  /** The room's view for the current `seq`, computed once however many sockets ask. */
  function memo<T>(room: RoomName, compute: (combined: CombinedView) => T): T | null {
    if (current === null) return null;
    const hit = viewCache.get(room);
    // A room name always maps to the same view kind, so the cached value has type T.
    if (hit && hit.seq === seq) return hit.view as T;
    const view = compute(current);
    viewCache.set(room, { seq, view });
    return view;
  }

  return {
    addFrame(frame) {
      reports.add(frame, clock());
      const points = combiner.add(frame);
      const combined = adjust ? adjust(combiner.view()) : combiner.view();
      current = combined;
      lastFrameAt = clock();
      for (const p of points) {
        overviewSeries.push(p);
        const names = new Set([...combined.endpoints.map((e) => e.endpoint), ...Object.keys(p.api)]);
        for (const name of names) {
          let ring = endpointSeries.get(name);
          if (!ring) endpointSeries.set(name, (ring = createSampleRing(seriesLength, { gapResets: strict })));
          ring.push(endpointSample(p, name, combined.endpoints.find((e) => e.endpoint === name) ?? null));
        }
      }
      if (combined.watermark !== null) {
        const t = Math.floor(combined.watermark / 1000);
        for (const [id, ring] of shopSeries) {
          const { load } = findShopLoad(combined, id);
          if (load) ring.push(shopSample(load, t));
        }
      }
      viewCache.clear();
      changed();
    },
    reset() {
      combiner = createCombiner({ clock, staleAfterMs: sourceStaleAfterMs, topK: 50 });
      current = null;
      reports.clear();
      // From here on the series start at a new position: older cursors must start over.
      strict = true;
      overviewSeries = createSampleRing<SecondPoint>(seriesLength, { gapResets: true });
      endpointSeries.clear();
      for (const id of shopSeries.keys())
        shopSeries.set(id, createSampleRing(seriesLength, { gapResets: true }));
      viewCache.clear();
      changed();
    },
    setAlerts(list, source = "connected") {
      alerts = sortAlerts(list);
      alertSource = source;
      alertsAt = clock();
      seq++;
      if (members.has("alerts")) for (const l of changeListeners) l(["alerts"]);
    },
    setCapacity(c) {
      capacity = c;
      viewCache.clear();
      changed();
    },
    setShopInfo(id, info) {
      shopInfo.set(id, info);
      viewCache.clear();
      const room = `shop:${id}`;
      seq++;
      if (members.has(room)) for (const l of changeListeners) l([room]);
    },
    hasShopInfo: (id) => shopInfo.has(id),
    join(room) {
      const n = members.get(room) ?? 0;
      members.set(room, n + 1);
      if (n > 0) return;
      const v = viewOfRoom(room);
      if (v?.kind === "shop") {
        shopSeries.set(v.shopId, createSampleRing(seriesLength, { gapResets: strict }));
        for (const l of watchListeners) l(watched());
      }
    },
    leave(room) {
      const n = members.get(room) ?? 0;
      if (n > 1) {
        members.set(room, n - 1);
        return;
      }
      if (n === 0) return;
      members.delete(room);
      viewCache.delete(room);
      const v = viewOfRoom(room);
      if (v?.kind === "shop") {
        shopSeries.delete(v.shopId);
        shopInfo.delete(v.shopId);
        for (const l of watchListeners) l(watched());
      }
    },
    watchedShops: watched,
    update(room, since, sentAt) {
      const v = viewOfRoom(room);
      if (!v) return null;
      const base = { room, seq, sentAt };
      const none = { samples: [], reset: since === null };
      switch (v.kind) {
        case "overview":
          return {
            ...base,
            kind: v.kind,
            view: memo(room, (c) => buildOverview(c, capacity, { topShops: overviewTopShops })),
            ...overviewSeries.after(since),
          };
        case "chain":
        case "city": {
          const dim = v.kind === "chain" ? "byChain" : "byCity";
          return {
            ...base,
            kind: v.kind,
            view: memo(room, (c) => ({ rows: buildBreakdown(c[dim], capacity[dim]), at: c.at })),
            ...none,
          };
        }
        case "shop":
          return {
            ...base,
            kind: v.kind,
            view: memo(room, (c) => buildShopView(c, v.shopId, shopInfo.get(v.shopId) ?? null)),
            ...(shopSeries.get(v.shopId)?.after(since) ?? none),
          };
        case "endpoint":
          return {
            ...base,
            kind: v.kind,
            view: memo(room, (c) => buildEndpointView(c, v.endpoint)),
            ...(endpointSeries.get(v.endpoint)?.after(since) ?? none),
          };
        case "alerts":
          return { ...base, kind: v.kind, view: { alerts, source: alertSource, at: alertsAt }, ...none };
      }
    },
    onChange(l) {
      changeListeners.add(l);
      return () => changeListeners.delete(l);
    },
    onWatchChange(l) {
      watchListeners.add(l);
      return () => watchListeners.delete(l);
    },
    feed() {
      const sources = current === null ? 0 : combiner.view().sources.length;
      const state: FeedState =
        lastFrameAt === null ? "waiting" : clock() - lastFrameAt > feedStaleAfterMs ? "stale" : "live";
      return { state, lastFrameAt, sources, pipeline: pipelineStatus(reports.list(clock()), clock(), rule) };
    },
    combined: () => current,
    capacity: () => capacity,
  };
}
