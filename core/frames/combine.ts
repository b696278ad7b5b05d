/**
 * Combines the latest frame of each worker into one view. Counts add up (partitions are
 * disjoint); shop and endpoint entries are owned by one worker each, so unions are exact.
 * Per-second chart points are released only once every live source has closed that second,
 * so a point is never shown with part of its count.
 */
import { zeroCounters } from "../aggregation/series";
import type { EndpointLoad, Frame, SecondPoint, ShopLoad } from "./frame";
import { combineShopsOver, type ShopsOverView } from "./shops-over";
import { addWindowCounts, perSecond, type WindowCounts, zeroWindowCounts } from "./windows";

export interface CombinedView {
  /** Newest `emittedAt` among the sources. */
  at: number;
  /** Oldest watermark among live sources (event-time ms), null before any event. */
  watermark: number | null;
  sources: string[];
  totals: Frame["totals"];
  orders: WindowCounts;
  downloads: WindowCounts;
  invites: WindowCounts;
  byChain: Record<string, WindowCounts>;
  byChainMade: Record<string, WindowCounts>;
  byChainFailed: Record<string, WindowCounts>;
  byCity: Record<string, WindowCounts>;
  byCityMade: Record<string, WindowCounts>;
  byCityFailed: Record<string, WindowCounts>;
  byStatus: Record<string, WindowCounts>;
  errorClasses: Record<string, WindowCounts>;
  topShops: ShopLoad[];
  shopsOverCapacity: number;
  /** Shops over capacity per chain and city, with how far the sums hold (shops-over.ts). */
  shopsOver: ShopsOverView;
  watchedShops: ShopLoad[];
  endpoints: EndpointLoad[];
}

const zero = zeroWindowCounts;
const addCounts = addWindowCounts;

/** The worse of two percentiles; null (no request in the minute) only when both are. */
const worse = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

function addRecord(into: Record<string, WindowCounts>, from: Record<string, WindowCounts>): void {
  for (const [k, v] of Object.entries(from)) addCounts((into[k] ??= zero()), v);
}

function mergeEndpoint(a: EndpointLoad, b: EndpointLoad): EndpointLoad {
  const requests = addCounts(addCounts(zero(), a.requests), b.requests);
  const errorClasses = { ...a.errorClasses };
  for (const [k, v] of Object.entries(b.errorClasses)) errorClasses[k] = (errorClasses[k] ?? 0) + v;
  const capacityPerSec = Math.max(a.capacityPerSec, b.capacityPerSec);
  return {
    endpoint: a.endpoint,
    requests,
    errors: addCounts(addCounts(zero(), a.errors), b.errors),
    retries: addCounts(addCounts(zero(), a.retries), b.retries),
    capacityPerSec,
    utilization: capacityPerSec > 0 ? perSecond(requests) / capacityPerSec : 0,
    // An endpoint is split only during a rebalance; the worse percentile is the safe one to show.
    p50: worse(a.p50, b.p50),
    p95: worse(a.p95, b.p95),
    p99: worse(a.p99, b.p99),
    errorClasses,
    saturationInSec:
      a.saturationInSec === null
        ? b.saturationInSec
        : b.saturationInSec === null
          ? a.saturationInSec
          : Math.min(a.saturationInSec, b.saturationInSec),
  };
}

/** Combines one frame per source (the latest of each). `topK` bounds the shop list (default 50). */
export function combineFrames(frames: readonly Frame[], { topK = 50 }: { topK?: number } = {}): CombinedView {
  const view: CombinedView = {
    at: 0,
    watermark: null,
    sources: [],
    totals: zeroCounters(),
    orders: zero(),
    downloads: zero(),
    invites: zero(),
    byChain: {},
    byChainMade: {},
    byChainFailed: {},
    byCity: {},
    byCityMade: {},
    byCityFailed: {},
    byStatus: {},
    errorClasses: {},
    topShops: [],
    shopsOverCapacity: 0,
    shopsOver: combineShopsOver(frames),
    watchedShops: [],
    endpoints: [],
  };
  const endpoints = new Map<string, EndpointLoad>();
  for (const f of frames) {
    view.at = Math.max(view.at, f.emittedAt);
    if (f.watermark !== null)
      view.watermark = view.watermark === null ? f.watermark : Math.min(view.watermark, f.watermark);
    view.sources.push(f.source);
    for (const k of Object.keys(view.totals) as Array<keyof Frame["totals"]>) view.totals[k] += f.totals[k];
    addCounts(view.orders, f.orders);
    addCounts(view.downloads, f.downloads);
    addCounts(view.invites, f.invites);
    addRecord(view.byChain, f.byChain);
    if (f.byChainMade) addRecord(view.byChainMade, f.byChainMade);
    if (f.byChainFailed) addRecord(view.byChainFailed, f.byChainFailed);
    addRecord(view.byCity, f.byCity);
    if (f.byCityMade) addRecord(view.byCityMade, f.byCityMade);
    if (f.byCityFailed) addRecord(view.byCityFailed, f.byCityFailed);
    addRecord(view.byStatus, f.byStatus);
    addRecord(view.errorClasses, f.errorClasses);
    view.topShops.push(...f.topShops);
    view.shopsOverCapacity += f.shopsOverCapacity;
    view.watchedShops.push(...f.watchedShops);
    for (const e of f.endpoints) {
      const prev = endpoints.get(e.endpoint);
      endpoints.set(e.endpoint, prev ? mergeEndpoint(prev, e) : e);
    }
  }
  view.topShops.sort((a, b) => b.utilization - a.utilization || a.shopId - b.shopId);
  view.topShops.length = Math.min(view.topShops.length, topK);
  view.endpoints = [...endpoints.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint));
  return view;
}

/** Adds two per-second points of the same `t`. */
export function addSecondPoints(a: SecondPoint, b: SecondPoint): SecondPoint {
  const api: SecondPoint["api"] = {};
  for (const src of [a.api, b.api]) {
    for (const [k, v] of Object.entries(src)) {
      const cur = (api[k] ??= { requests: 0, errors: 0, retries: 0 });
      cur.requests += v.requests;
      cur.errors += v.errors;
      cur.retries += v.retries;
    }
  }
  return {
    t: a.t,
    orders: {
      created: a.orders.created + b.orders.created,
      accepted: a.orders.accepted + b.orders.accepted,
      made: a.orders.made + b.orders.made,
      failed: a.orders.failed + b.orders.failed,
    },
    downloads: {
      install: a.downloads.install + b.downloads.install,
      update: a.downloads.update + b.downloads.update,
      invite: a.downloads.invite + b.downloads.invite,
    },
    api,
  };
}
