/** Builds valid frames for tests: every field present, overridable. Counts are plain numbers. */
import type { EndpointLoad, Frame, SecondPoint, ShopLoad, WindowCounts } from "../../core/frames/frame";
import { windowCountsAtRate } from "../../core/frames/windows";

/** Counts at a steady rate over every window (core/frames/windows.ts). */
export const counts = (perSec: number): WindowCounts => windowCountsAtRate(perSec);

export function shopLoad(shopId: number, over: Partial<ShopLoad> = {}): ShopLoad {
  const ratePerMin = over.ratePerMin ?? 6;
  const capacityPerMin = over.capacityPerMin ?? 3;
  return {
    shopId,
    chain: "Heytea",
    city: "Shenzhen",
    ratePerMin,
    capacityPerMin,
    utilization: ratePerMin / capacityPerMin,
    backlog: Math.max(0, ratePerMin - capacityPerMin) * 5,
    waitMin: capacityPerMin > 0 ? (Math.max(0, ratePerMin - capacityPerMin) * 5) / capacityPerMin : 0,
    ...over,
  };
}

export function endpointLoad(endpoint: string, over: Partial<EndpointLoad> = {}): EndpointLoad {
  return {
    endpoint,
    requests: counts(100),
    errors: counts(5),
    retries: counts(2),
    capacityPerSec: 120,
    utilization: 100 / 120,
    p50: 40,
    p95: 180,
    p99: 450,
    errorClasses: { timeout: 200, overload_503: 100 },
    saturationInSec: null,
    ...over,
  };
}

export function secondPoint(t: number, over: Partial<SecondPoint> = {}): SecondPoint {
  return {
    t,
    orders: { created: 10, accepted: 8, made: 6, failed: 1 },
    downloads: { install: 20, update: 5, invite: 3 },
    api: { "POST /voucher/claim": { requests: 100, errors: 5, retries: 2 } },
    ...over,
  };
}

export function frame(over: Partial<Frame> = {}): Frame {
  return {
    v: 1,
    source: "w1",
    seq: 0,
    emittedAt: 1_770_000_000_000,
    watermark: 1_770_000_000_000,
    partitions: [0],
    seconds: [],
    totals: {
      ordersCreated: 1000,
      downloads: 500,
      apiRequests: 9000,
      invalid: 0,
      duplicates: 0,
      lateDropped: 0,
      ahead: 0,
      unreadable: 0,
    },
    orders: counts(10),
    downloads: counts(25),
    invites: counts(3),
    byChain: { Heytea: counts(6), Luckin: counts(4) },
    byCity: { Shenzhen: counts(7), Xiamen: counts(3) },
    byStatus: { created: counts(10), made: counts(6), failed: counts(1) },
    errorClasses: { timeout: counts(1) },
    topShops: [shopLoad(1, { ratePerMin: 12 }), shopLoad(2)],
    shopsOverCapacity: 2,
    watchedShops: [],
    endpoints: [endpointLoad("POST /voucher/claim")],
    ...over,
  };
}
