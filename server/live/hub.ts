/**
 * The live state of one web process: the latest frame of every worker (via the combiner), the
 * chart samples of each room, and the current view of each room, computed once per change and
 * shared by every socket in the room. Knows nothing about sockets or Kafka. Its parts: who
 * watches which room and who hears of changes (hub-rooms.ts), the chart samples
 * (hub-series.ts), the views cached per change (hub-views.ts).
 */

import type { CombinedView } from "../../core/frames/combine";
import { createCombiner } from "../../core/frames/combiner";
import type { Frame } from "../../core/frames/frame";
import { type ActiveAlert, sortAlerts } from "../../core/live/alerts";
import { emptyCapacity, type ReferenceCapacity } from "../../core/live/reference-capacity";
import type { ShopInfo } from "../../core/live/shop-view";
import type { AlertSourceState, FeedState, LiveUpdate } from "../../core/live/socket-events";
import { type RoomName, viewOfRoom } from "../../core/live/views";
import { createReportBook } from "../../core/pipeline/reports";
import {
  defaultStatusRule,
  type PipelineStatus,
  pipelineStatus,
  type StatusRule,
} from "../../core/pipeline/status";
import { createHubRooms } from "./hub-rooms";
import { createHubSeries } from "./hub-series";
import { createViewCache, roomUpdate } from "./hub-views";

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
  let capacity = emptyCapacity();
  let alerts: { alerts: ActiveAlert[]; source: AlertSourceState; at: number } = {
    alerts: [],
    source: "not-configured",
    at: 0,
  };
  const shopInfo = new Map<number, ShopInfo | null>();
  const rooms = createHubRooms();
  const series = createHubSeries(seriesLength);
  const views = createViewCache();

  /** Everything shown may have changed: every room with members is told. */
  const changed = () => {
    views.clear();
    views.bump();
    rooms.changed();
  };

  return {
    addFrame(frame) {
      reports.add(frame, clock());
      const points = combiner.add(frame);
      current = adjust ? adjust(combiner.view()) : combiner.view();
      lastFrameAt = clock();
      series.add(points, current);
      changed();
    },
    reset() {
      combiner = createCombiner({ clock, staleAfterMs: sourceStaleAfterMs, topK: 50 });
      current = null;
      reports.clear();
      series.restart();
      changed();
    },
    setAlerts(list, source = "connected") {
      alerts = { alerts: sortAlerts(list), source, at: clock() };
      views.bump();
      rooms.changed(["alerts"]);
    },
    setCapacity(c) {
      capacity = c;
      changed();
    },
    setShopInfo(id, info) {
      shopInfo.set(id, info);
      views.clear();
      views.bump();
      rooms.changed([`shop:${id}`]);
    },
    hasShopInfo: (id) => shopInfo.has(id),
    join(room) {
      if (!rooms.join(room)) return;
      const v = viewOfRoom(room);
      if (v?.kind === "shop") {
        series.watchShop(v.shopId);
        rooms.watchChanged();
      }
    },
    leave(room) {
      if (!rooms.leave(room)) return;
      views.delete(room);
      const v = viewOfRoom(room);
      if (v?.kind === "shop") {
        series.unwatchShop(v.shopId);
        shopInfo.delete(v.shopId);
        rooms.watchChanged();
      }
    },
    watchedShops: () => rooms.watchedShops(),
    update: (room, since, sentAt) =>
      roomUpdate(room, since, sentAt, {
        views,
        current,
        capacity,
        shopInfo: (id) => shopInfo.get(id) ?? null,
        series,
        alerts,
        overviewTopShops,
      }),
    onChange: (l) => rooms.onChange(l),
    onWatchChange: (l) => rooms.onWatchChange(l),
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
