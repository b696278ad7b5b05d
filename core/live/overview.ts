/**
 * The overview: the numbers an on-call engineer reads first. Orders per second against what all
 * shop counters can make, downloads, each API endpoint against its capacity, the most
 * overloaded shops with their wait. Built from the combined frame; pure.
 */
import type { CombinedView } from "../frames/combine";
import type { ShopLoad } from "../frames/frame";
import { perSecond, rateWindow, secondsOf } from "../frames/windows";
import { type ReferenceCapacity, utilization } from "./reference-capacity";

export interface EndpointSummary {
  endpoint: string;
  /** Requests per second over the last 10 s. */
  requestsPerSec: number;
  errorsPerSec: number;
  retriesPerSec: number;
  /** errors / requests over the last 10 s, 0..1. */
  errorRate: number;
  capacityPerSec: number;
  utilization: number;
  /** Over every request of the last minute, failed ones too; null when unknown (shown "–", never 0 ms). */
  p99: number | null;
  saturationInSec: number | null;
}

export interface OverviewView {
  /** Wall-clock ms of the newest frame. */
  at: number;
  /** Event-time ms up to which every live worker has closed its windows. */
  watermark: number | null;
  sources: number;
  orders: {
    /** Orders created per second over the last 10 s. */
    perSec: number;
    /** Orders created over the last minute. */
    perMin: number;
    /** What all shop counters can make per second. */
    capacityPerSec: number;
    /** Last minute's orders over capacity, 0 when capacity is unknown. */
    utilization: number;
  };
  downloads: { perSec: number; invitesPerSec: number };
  totals: CombinedView["totals"];
  shops: { total: number; overCapacity: number };
  api: { requestsPerSec: number; errorsPerSec: number; errorRate: number; maxUtilization: number };
  endpoints: EndpointSummary[];
  topShops: ShopLoad[];
}

export function summarizeEndpoint(e: CombinedView["endpoints"][number]): EndpointSummary {
  const requests = e.requests[rateWindow];
  return {
    endpoint: e.endpoint,
    requestsPerSec: perSecond(e.requests),
    errorsPerSec: perSecond(e.errors),
    retriesPerSec: perSecond(e.retries),
    errorRate: requests > 0 ? e.errors[rateWindow] / requests : 0,
    capacityPerSec: e.capacityPerSec,
    utilization: e.utilization,
    p99: e.p99,
    saturationInSec: e.saturationInSec,
  };
}

/** Builds the overview. `topShops` bounds the shop list (default 10). */
export function buildOverview(
  view: CombinedView,
  capacity: ReferenceCapacity,
  { topShops = 10 }: { topShops?: number } = {},
): OverviewView {
  const endpoints = view.endpoints.map(summarizeEndpoint);
  let requests = 0;
  let errors = 0;
  let maxUtilization = 0;
  for (const e of view.endpoints) {
    requests += e.requests[rateWindow];
    errors += e.errors[rateWindow];
    maxUtilization = Math.max(maxUtilization, e.utilization);
  }
  return {
    at: view.at,
    watermark: view.watermark,
    sources: view.sources.length,
    orders: {
      perSec: perSecond(view.orders),
      perMin: view.orders["1m"],
      capacityPerSec: capacity.capacityPerMin / 60,
      utilization: utilization(view.orders["1m"], capacity.capacityPerMin),
    },
    downloads: { perSec: perSecond(view.downloads), invitesPerSec: perSecond(view.invites) },
    totals: view.totals,
    shops: { total: capacity.shops, overCapacity: view.shopsOverCapacity },
    api: {
      requestsPerSec: requests / secondsOf[rateWindow],
      errorsPerSec: errors / secondsOf[rateWindow],
      errorRate: requests > 0 ? errors / requests : 0,
      maxUtilization,
    },
    endpoints,
    topShops: view.topShops.slice(0, topShops),
  };
}
