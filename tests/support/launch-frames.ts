/**
 * Realistic frames for browser tests and local previews when no aggregation worker runs: a
 * launch-shaped load over shops of named chains in several cities and an API tier that
 * saturates, split over two "workers" exactly as real ones split it (shops and endpoints each
 * owned by one source, counts additive). Rolling windows are summed from the generated
 * seconds, so every number is consistent with the per-second points. Watched shops (from the
 * `watch` topic contract) are reported like a worker would.
 */
import type { EndpointLoad, Frame, SecondPoint, ShopLoad, WindowCounts } from "../../core/frames/frame";
import { longestWindowSeconds, windowCountsOf, windowSeconds } from "../../core/frames/windows";

export const fixtureChains = ["Heytea", "Nayuki's Tea", "Luckin", "Mixue", "Chagee", "CoCo", "Other"];
export const fixtureCities = [
  "Shanghai",
  "Beijing",
  "Shenzhen",
  "Guangzhou",
  "Hangzhou",
  "Chengdu",
  "Wuhan",
  "Xiamen",
];
const chainShare = [0.26, 0.17, 0.2, 0.12, 0.1, 0.07, 0.08];
const cityShare = [0.2, 0.17, 0.15, 0.14, 0.1, 0.09, 0.08, 0.07];

export const fixtureEndpoints = [
  { name: "POST /voucher/claim", capacity: 900, perOrder: 2.6, base: 38 },
  { name: "POST /order/create", capacity: 650, perOrder: 1.7, base: 55 },
  { name: "GET /shops/nearby", capacity: 2400, perOrder: 3.2, base: 22 },
  { name: "POST /invite/accept", capacity: 260, perOrder: 0.5, base: 31 },
];

/** A shop of the fixture's reference data: insert these into the Shop table. */
export interface FixtureShop {
  id: number;
  chain: string;
  city: string;
  capacityPerMinute: number;
  weight: number;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` shops with heavy-tailed popularity, ids from `firstId`. */
export function fixtureShops(count: number, firstId = 1, seed = 7): FixtureShop[] {
  const r = rng(seed);
  const pick = (shares: number[]) => {
    let x = r();
    for (let i = 0; i < shares.length; i++) if ((x -= shares[i]!) <= 0) return i;
    return shares.length - 1;
  };
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    chain: fixtureChains[pick(chainShare)]!,
    city: fixtureCities[pick(cityShare)]!,
    capacityPerMinute: Math.round((1.5 + r() * 4) * 10) / 10,
    // Pareto-like: a few flagship stores get most of the orders.
    weight: Math.round(1000 / (r() * 0.98 + 0.02) ** 1.15) / 1000,
  }));
}

interface Counter {
  /** Per-second counts, newest last (at most the longest window). */
  hist: number[];
}
const windows = (c: Counter): WindowCounts => {
  const sum = (n: number) => c.hist.slice(-n).reduce((a, b) => a + b, 0);
  return windowCountsOf((i) => sum(windowSeconds[i]!));
};
const push = (c: Counter, v: number) => {
  c.hist.push(v);
  if (c.hist.length > longestWindowSeconds) c.hist.shift();
};

export interface LaunchFrames {
  /** The frames of every source for epoch second `sec` (each closes second `sec - 1`). */
  framesAt(sec: number): Frame[];
  /** Shops some viewer watches; they are reported whatever their load. */
  watch(shopIds: Iterable<number>): void;
}

/**
 * @param shops the reference shops (the same rows the Shop table holds)
 * @param ordersPerSec average order rate (default 60, a third of what 3,000 fixture shops can make);
 *   the load swells around it so charts move, and the most popular shops run far over capacity
 */
export function createLaunchFrames({
  shops,
  ordersPerSec = 60,
  sources = ["worker-a", "worker-b"],
  seed = 11,
}: {
  shops: readonly FixtureShop[];
  ordersPerSec?: number;
  sources?: string[];
  seed?: number;
}): LaunchFrames {
  const r = rng(seed);
  const totalWeight = shops.reduce((a, s) => a + s.weight, 0);
  const counters = new Map<string, Counter>();
  const counter = (k: string) => {
    let c = counters.get(k);
    if (!c) counters.set(k, (c = { hist: [] }));
    return c;
  };
  const backlog = new Map<number, number>();
  const totals = new Map<string, { orders: number; downloads: number; api: number }>();
  let watched = new Set<number>();
  let seq = 0;
  const poisson = (mean: number) =>
    Math.max(0, Math.round(mean + Math.sqrt(mean) * (r() + r() + r() - 1.5) * 1.4));

  return {
    watch(ids) {
      watched = new Set(ids);
    },
    framesAt(sec) {
      const closed = sec - 1;
      // A launch-shaped swell: slow waves plus noise, never below a third of the average.
      const shape =
        1 + 0.4 * Math.sin(closed / 420) + 0.2 * Math.sin(closed / 97) + 0.06 * Math.sin(closed / 7);
      const rate = Math.max(ordersPerSec / 3, ordersPerSec * shape);
      seq++;
      return sources.map((source, si) => {
        const mine = (i: number) => i % sources.length === si;
        const share = 1 / sources.length;
        const created = poisson(rate * share);
        const made = Math.round(created * (0.55 + r() * 0.1));
        const failed = Math.round(created * 0.03);
        const accepted = Math.round(created * 0.8);
        const install = poisson(rate * 1.6 * share);
        const update = poisson(rate * 0.9 * share);
        const invite = poisson(rate * 0.45 * share * (closed % 600 < 420 ? 1 : 0.15));
        const pre = `${source}:`;
        push(counter(`${pre}orders`), created);
        push(counter(`${pre}downloads`), install + update + invite);
        push(counter(`${pre}invites`), invite);
        for (const [st, v] of [
          ["created", created],
          ["accepted", accepted],
          ["made", made],
          ["failed", failed],
        ] as const)
          push(counter(`${pre}status:${st}`), v);
        for (const [i, c] of fixtureChains.entries())
          push(counter(`${pre}chain:${c}`), Math.round(created * chainShare[i]!));
        for (const [i, c] of fixtureCities.entries())
          push(counter(`${pre}city:${c}`), Math.round(created * cityShare[i]!));

        const api: SecondPoint["api"] = {};
        const endpoints: EndpointLoad[] = [];
        fixtureEndpoints.forEach((ep, i) => {
          if (!mine(i)) return;
          // Capacities are sized for 320 orders/s; scale them with the fixture's rate.
          const e = { ...ep, capacity: Math.round((ep.capacity * ordersPerSec) / 320) };
          const requests = poisson(rate * e.perOrder);
          const u = requests / e.capacity;
          const errors = Math.round(requests * Math.min(0.6, Math.max(0.002, (u - 0.85) * 0.9)));
          const retries = Math.round(errors * 0.6);
          push(counter(`${pre}api:${e.name}:req`), requests);
          push(counter(`${pre}api:${e.name}:err`), errors);
          push(counter(`${pre}api:${e.name}:retry`), retries);
          api[e.name] = { requests, errors, retries };
          const req = windows(counter(`${pre}api:${e.name}:req`));
          const slow = Math.max(1, 1 + (u - 0.7) * 6);
          endpoints.push({
            endpoint: e.name,
            requests: req,
            errors: windows(counter(`${pre}api:${e.name}:err`)),
            retries: windows(counter(`${pre}api:${e.name}:retry`)),
            capacityPerSec: e.capacity,
            utilization: req["10s"] / 10 / e.capacity,
            p50: Math.round(e.base * slow),
            p95: Math.round(e.base * slow * 3.2),
            p99: Math.round(e.base * slow * 7.5),
            errorClasses: {
              timeout: Math.round(windows(counter(`${pre}api:${e.name}:err`))["1m"] * 0.5),
              overload_503: Math.round(windows(counter(`${pre}api:${e.name}:err`))["1m"] * 0.35),
              rate_limited_429: Math.round(windows(counter(`${pre}api:${e.name}:err`))["1m"] * 0.15),
            },
            saturationInSec: u > 0.6 && u < 1 ? Math.round((1 - u) * 600) : null,
          });
        });

        // Shops: orders per minute by popularity; backlog grows while over capacity.
        const loads: ShopLoad[] = [];
        let over = 0;
        for (const s of shops) {
          if (!mine(s.id)) continue;
          const ratePerMin = (rate * 60 * s.weight) / totalWeight;
          const b = Math.max(0, (backlog.get(s.id) ?? 0) + (ratePerMin - s.capacityPerMinute) / 60);
          backlog.set(s.id, b);
          const utilization = ratePerMin / s.capacityPerMinute;
          if (utilization > 1) over++;
          if (utilization > 0.5 || watched.has(s.id))
            loads.push({
              shopId: s.id,
              chain: s.chain,
              city: s.city,
              ratePerMin: Math.round(ratePerMin * 10) / 10,
              capacityPerMin: s.capacityPerMinute,
              utilization,
              backlog: Math.round(b),
              waitMin: b / s.capacityPerMinute,
            });
        }
        loads.sort((a, b) => b.utilization - a.utilization || a.shopId - b.shopId);
        const t = totals.get(source) ?? { orders: 0, downloads: 0, api: 0 };
        t.orders += created;
        t.downloads += install + update + invite;
        t.api += Object.values(api).reduce((a, v) => a + v.requests, 0);
        totals.set(source, t);
        const rec = (prefix: string, keys: string[]) =>
          Object.fromEntries(keys.map((k) => [k, windows(counter(`${pre}${prefix}:${k}`))]));
        return {
          v: 1,
          source,
          seq,
          emittedAt: Date.now(),
          watermark: sec * 1000,
          partitions: [si],
          seconds: [
            {
              t: closed,
              orders: { created, accepted, made, failed },
              downloads: { install, update, invite },
              api,
            },
          ],
          totals: {
            ordersCreated: t.orders,
            downloads: t.downloads,
            apiRequests: t.api,
            invalid: 0,
            duplicates: 0,
            lateDropped: 0,
            ahead: 0,
            unreadable: 0,
          },
          orders: windows(counter(`${pre}orders`)),
          downloads: windows(counter(`${pre}downloads`)),
          invites: windows(counter(`${pre}invites`)),
          byChain: rec("chain", fixtureChains),
          byCity: rec("city", fixtureCities),
          byStatus: rec("status", ["created", "accepted", "made", "failed"]),
          errorClasses: {},
          topShops: loads.slice(0, 50),
          shopsOverCapacity: over,
          watchedShops: loads.filter((l) => watched.has(l.shopId)),
          endpoints,
        } satisfies Frame;
      });
    },
  };
}
