/**
 * What a launch reports about itself: counts per topic, status and kind, the milestones the
 * scenario checks (orders by hour 5 and 9, invites around the share block), the overloaded shops,
 * the API tier's totals per endpoint and error class, and what chaos did.
 */
import type { OrderStatus } from "../events/order";
import { type ApiErrorClass, apiErrorClasses, type EndpointStats } from "./api-load";
import type { ChaosCounts } from "./chaos";
import type { OverloadedShop, ShopLoadTracker } from "./overloaded-shops";
import type { TopicRole } from "./wire";

export interface LaunchStats {
  seed: string;
  scale: number;
  startMs: number;
  /** Simulated seconds generated so far. */
  seconds: number;
  /** Messages handed out per topic, chaos included: what a consumer should receive. */
  messages: Record<TopicRole, number>;
  orders: Record<OrderStatus, number>;
  downloads: { install: number; update: number; invite: number };
  /** Cumulative `created` orders at the end of hour 5 and of hour 9 (null if not reached). */
  ordersCreatedBy: { h5: number | null; h9: number | null };
  /** Invites per minute: 30 minutes before the share block, and 30 minutes from 5 minutes after it. */
  invitesPerMinute: { beforeBlock: number | null; afterBlock: number | null };
  shops: {
    /** Shops whose order rate exceeded capacity over some 10-minute window. */
    overloaded: number;
    /** Orders refused because a shop's queue was full. */
    refused: number;
    top: OverloadedShop[];
  };
  api: { requests: number; errors: number; retries: number; errorClasses: Record<ApiErrorClass, number> };
  endpoints: EndpointStats[];
  chaos: ChaosCounts | null;
}

const zeroErrorClasses = (): Record<ApiErrorClass, number> =>
  Object.fromEntries(apiErrorClasses.map((c) => [c, 0])) as Record<ApiErrorClass, number>;

/** The stats of a launch before its first second. */
export function newLaunchStats(seed: string, scale: number, startMs: number): LaunchStats {
  return {
    seed,
    scale,
    startMs,
    seconds: 0,
    messages: { orders: 0, downloads: 0, api: 0 },
    orders: { created: 0, accepted: 0, made: 0, failed: 0 },
    downloads: { install: 0, update: 0, invite: 0 },
    ordersCreatedBy: { h5: null, h9: null },
    invitesPerMinute: { beforeBlock: null, afterBlock: null },
    shops: { overloaded: 0, refused: 0, top: [] },
    api: { requests: 0, errors: 0, retries: 0, errorClasses: zeroErrorClasses() },
    endpoints: [],
    chaos: null,
  };
}

/** A copy of `stats` as of now, with the API totals summed over `endpoints` and the overloaded shops. */
export function launchStatsNow(
  stats: LaunchStats,
  endpoints: EndpointStats[],
  shopLoad: ShopLoadTracker,
  chaos: ChaosCounts | null,
): LaunchStats {
  const totals = { requests: 0, errors: 0, retries: 0, errorClasses: zeroErrorClasses() };
  for (const e of endpoints) {
    totals.requests += e.requests;
    totals.errors += e.errors;
    totals.retries += e.retries;
    for (const k of apiErrorClasses) totals.errorClasses[k] += e.errorClasses[k];
  }
  return {
    ...stats,
    messages: { ...stats.messages },
    orders: { ...stats.orders },
    downloads: { ...stats.downloads },
    ordersCreatedBy: { ...stats.ordersCreatedBy },
    invitesPerMinute: { ...stats.invitesPerMinute },
    shops: { overloaded: shopLoad.overloadedCount(), refused: stats.shops.refused, top: shopLoad.top(10) },
    api: totals,
    endpoints,
    chaos: chaos ? { ...chaos } : null,
  };
}
