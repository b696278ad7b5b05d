/**
 * A live hub's room updates: each room's view computed once per change (the hub's `seq`) however
 * many sockets ask, plus the chart samples the asking client does not have yet.
 */
import type { CombinedView } from "../../core/frames/combine";
import type { ActiveAlert } from "../../core/live/alerts";
import { buildBreakdown } from "../../core/live/breakdown";
import { buildEndpointView } from "../../core/live/endpoint-view";
import { buildOverview } from "../../core/live/overview";
import type { ReferenceCapacity } from "../../core/live/reference-capacity";
import { buildShopView, type ShopInfo } from "../../core/live/shop-view";
import type { AlertSourceState, LiveUpdate } from "../../core/live/socket-events";
import { type RoomName, viewOfRoom } from "../../core/live/views";
import type { HubSeries } from "./hub-series";

export interface ViewCache {
  /** The hub changed: every view is due again. */
  bump(): void;
  seq(): number;
  /** The room's view for the current `seq`; null before the first combined view. */
  memo<T>(room: RoomName, current: CombinedView | null, compute: (combined: CombinedView) => T): T | null;
  clear(): void;
  delete(room: RoomName): void;
}

export function createViewCache(): ViewCache {
  let seq = 0;
  const cache = new Map<RoomName, { seq: number; view: unknown }>();
  return {
    bump() {
      seq++;
    },
    seq: () => seq,
    memo<T>(room: RoomName, current: CombinedView | null, compute: (combined: CombinedView) => T): T | null {
      if (current === null) return null;
      const hit = cache.get(room);
      // A room name always maps to the same view kind, so the cached value has type T.
      if (hit && hit.seq === seq) return hit.view as T;
      const view = compute(current);
      cache.set(room, { seq, view });
      return view;
    },
    clear: () => cache.clear(),
    delete: (room) => cache.delete(room),
  };
}

/** What a room's update is made of. */
export interface RoomUpdateSources {
  views: ViewCache;
  current: CombinedView | null;
  capacity: ReferenceCapacity;
  shopInfo(shopId: number): ShopInfo | null;
  series: Pick<HubSeries, "overview" | "endpoint" | "shop">;
  alerts: { alerts: ActiveAlert[]; source: AlertSourceState; at: number };
  /** Shops in the overview's top list. */
  overviewTopShops: number;
}

/** The room's update for a client that has samples up to `since`. Null for an unknown room. */
export function roomUpdate(
  room: RoomName,
  since: number | null,
  sentAt: number,
  s: RoomUpdateSources,
): LiveUpdate | null {
  const v = viewOfRoom(room);
  if (!v) return null;
  const base = { room, seq: s.views.seq(), sentAt };
  const none = { samples: [], reset: since === null };
  const memo = <T>(compute: (c: CombinedView) => T) => s.views.memo(room, s.current, compute);
  switch (v.kind) {
    case "overview":
      return {
        ...base,
        kind: v.kind,
        view: memo((c) => buildOverview(c, s.capacity, { topShops: s.overviewTopShops })),
        ...s.series.overview(since),
      };
    case "chain":
    case "city": {
      const dim = v.kind === "chain" ? "byChain" : "byCity";
      return {
        ...base,
        kind: v.kind,
        view: memo((c) => ({
          rows: buildBreakdown(c[dim], s.capacity[dim], { shopsOver: c.shopsOver, dimension: v.kind }),
          at: c.at,
        })),
        ...none,
      };
    }
    case "shop":
      return {
        ...base,
        kind: v.kind,
        view: memo((c) => buildShopView(c, v.shopId, s.shopInfo(v.shopId))),
        ...(s.series.shop(v.shopId, since) ?? none),
      };
    case "endpoint":
      return {
        ...base,
        kind: v.kind,
        view: memo((c) => buildEndpointView(c, v.endpoint)),
        ...(s.series.endpoint(v.endpoint, since) ?? none),
      };
    case "alerts":
      return { ...base, kind: v.kind, view: s.alerts, ...none };
  }
}
