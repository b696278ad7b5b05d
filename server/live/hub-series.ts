/**
 * The chart samples a live hub keeps: the overview's seconds, each endpoint's, and each watched
 * shop's (only while someone watches it). A replay that jumps restarts them at the new position.
 */
import type { CombinedView } from "../../core/frames/combine";
import type { SecondPoint } from "../../core/frames/frame";
import { type EndpointRow, endpointRowFromPoint } from "../../core/live/chart-rows";
import { findShopLoad, type ShopSample, shopSample } from "../../core/live/shop-view";
import { createSampleRing, type SampleRing } from "./sample-ring";

type After<S extends { t: number }> = ReturnType<SampleRing<S>["after"]>;

export interface HubSeries {
  /** Appends a frame's closed seconds (overview, every endpoint) and the watched shops' load at the view's watermark. */
  add(points: readonly SecondPoint[], view: CombinedView): void;
  /** From here on the series start at a new position: older cursors must start over. */
  restart(): void;
  /** Starts a shop's samples (its room got its first member). */
  watchShop(id: number): void;
  unwatchShop(id: number): void;
  overview(since: number | null): After<SecondPoint>;
  /** Null for an endpoint or shop without samples. */
  endpoint(name: string, since: number | null): After<EndpointRow> | null;
  shop(id: number, since: number | null): After<ShopSample> | null;
}

/** @param length samples kept per series. */
export function createHubSeries(length: number): HubSeries {
  let overview = createSampleRing<SecondPoint>(length);
  /** Set by the first restart (replays): series restart at positions. */
  let strict = false;
  const endpoints = new Map<string, SampleRing<EndpointRow>>();
  const shops = new Map<number, SampleRing<ShopSample>>();

  return {
    add(points, view) {
      for (const p of points) {
        overview.push(p);
        const names = new Set([...view.endpoints.map((e) => e.endpoint), ...Object.keys(p.api)]);
        for (const name of names) {
          let ring = endpoints.get(name);
          if (!ring) endpoints.set(name, (ring = createSampleRing(length, { gapResets: strict })));
          ring.push(endpointRowFromPoint(p, name, view.endpoints.find((e) => e.endpoint === name) ?? null));
        }
      }
      if (view.watermark !== null) {
        const t = Math.floor(view.watermark / 1000);
        for (const [id, ring] of shops) {
          const { load } = findShopLoad(view, id);
          if (load) ring.push(shopSample(load, t));
        }
      }
    },
    restart() {
      strict = true;
      overview = createSampleRing<SecondPoint>(length, { gapResets: true });
      endpoints.clear();
      for (const id of shops.keys()) shops.set(id, createSampleRing(length, { gapResets: true }));
    },
    watchShop(id) {
      shops.set(id, createSampleRing(length, { gapResets: strict }));
    },
    unwatchShop(id) {
      shops.delete(id);
    },
    overview: (since) => overview.after(since),
    endpoint: (name, since) => endpoints.get(name)?.after(since) ?? null,
    shop: (id, since) => shops.get(id)?.after(since) ?? null,
  };
}
