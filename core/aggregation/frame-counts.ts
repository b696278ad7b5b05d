/**
 * Reads the aggregator's rings into a frame's counts at a closed second `end`: every window of
 * core/frames/windows.ts per key, the per-second chart points, and each endpoint's load
 * (rates, errors by class, latency percentiles, saturation forecast).
 */
import type { CapacityTable } from "../capacity/capacity-table";
import { secondsToSaturation } from "../capacity/saturation";
import type { ShopLoadEntry, ShopLoadState } from "../capacity/shop-load";
import { downloadKinds } from "../events/download";
import { orderStatuses } from "../events/order";
import type { EndpointLoad, Frame, SecondPoint, ShopLoad } from "../frames/frame";
import {
  addWindowCounts,
  perSecond,
  secondsOf,
  type WindowCounts,
  windowNames,
  windowSeconds,
  zeroWindowCounts,
} from "../frames/windows";
import type { SecondRing } from "../windows/second-ring";
import { API_FIELDS, type EventCounts, endpointWindow } from "./event-counts";

/** Every window per key with a count in the longest one, named by `names` (undefined: skipped). */
export function windowsByKey(
  ring: SecondRing,
  end: number,
  names: (i: number) => string | undefined,
  keys: number,
): Record<string, WindowCounts> {
  const out: Record<string, WindowCounts> = {};
  const sums = windowSeconds.map((w) => ring.sumRange(end - w, end));
  const longest = sums.length - 1;
  for (let k = 0; k < keys; k++) {
    if (sums[longest]![k] === 0) continue;
    const name = names(k);
    if (name === undefined) continue;
    const w = {} as WindowCounts;
    for (let i = 0; i < windowNames.length; i++) w[windowNames[i]!] = sums[i]![k]!;
    out[name] = w;
  }
  return out;
}

/** Every window of one key. */
export function windowOf(ring: SecondRing, key: number, end: number): WindowCounts {
  const w = {} as WindowCounts;
  for (let i = 0; i < windowNames.length; i++) {
    let n = 0;
    for (let s = end - windowSeconds[i]!; s < end; s++) n += ring.get(key, s);
    w[windowNames[i]!] = n;
  }
  return w;
}

/** Sum over keys (those `pick` keeps), window by window. */
export function sumKeys(byKey: Record<string, WindowCounts>, pick?: (k: string) => boolean): WindowCounts {
  const w = zeroWindowCounts();
  for (const [k, v] of Object.entries(byKey)) if (!pick || pick(k)) addWindowCounts(w, v);
  return w;
}

/** One closed second's chart point. */
export function secondPoint(c: EventCounts, t: number): SecondPoint {
  const apiPoint: SecondPoint["api"] = {};
  for (const ep of c.seenEndpoints) {
    const requests = c.api.get(ep * API_FIELDS, t);
    if (requests === 0) continue;
    apiPoint[c.endpoints.name(ep)] = {
      requests,
      errors: c.api.get(ep * API_FIELDS + 1, t),
      retries: c.api.get(ep * API_FIELDS + 2, t),
    };
  }
  return {
    t,
    orders: {
      created: c.status.get(0, t),
      accepted: c.status.get(1, t),
      made: c.status.get(2, t),
      failed: c.status.get(3, t),
    },
    downloads: {
      install: c.downloads.get(0, t),
      update: c.downloads.get(1, t),
      invite: c.downloads.get(2, t),
    },
    api: apiPoint,
  };
}

/** A percentile of no request is unknown: null, never 0 (it read "p99 0 ms" at 44.9 % errors). */
const known = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v);

/** One endpoint's load over the windows ending at `end`. */
export function endpointLoad(c: EventCounts, table: CapacityTable, ep: number, end: number): EndpointLoad {
  const name = c.endpoints.name(ep);
  const requests = windowOf(c.api, ep * API_FIELDS, end);
  const capacityPerSec = table.endpointCapacity.get(name) ?? 0;
  const span = secondsOf[endpointWindow];
  const [p50, p95, p99] = c.latency.quantiles(ep, end - span, end, [0.5, 0.95, 0.99]);
  const classes: Record<string, number> = {};
  for (let cls = 0; cls < c.errorClasses.size; cls++) {
    let n = 0;
    for (let s = end - span; s < end; s++) n += c.endpointErrors.get(ep * c.maxErrorClasses + cls, s);
    if (n > 0) classes[c.errorClasses.name(cls)] = n;
  }
  const recent = new Float64Array(span);
  for (let i = 0; i < span; i++) recent[i] = c.api.get(ep * API_FIELDS, end - span + i);
  return {
    endpoint: name,
    requests,
    errors: windowOf(c.api, ep * API_FIELDS + 1, end),
    retries: windowOf(c.api, ep * API_FIELDS + 2, end),
    capacityPerSec,
    utilization: capacityPerSec > 0 ? perSecond(requests) / capacityPerSec : 0,
    p50: known(p50),
    p95: known(p95),
    p99: known(p99),
    errorClasses: classes,
    saturationInSec: secondsToSaturation(recent, capacityPerSec),
  };
}

/** The counted part of a frame: windows by status, chain, city, kind and error class. */
export type FrameCounts = Pick<
  Frame,
  | "orders"
  | "downloads"
  | "invites"
  | "byChain"
  | "byChainMade"
  | "byChainFailed"
  | "byCity"
  | "byCityMade"
  | "byCityFailed"
  | "byStatus"
  | "errorClasses"
>;

export function frameCounts(c: EventCounts, table: CapacityTable, at: number): FrameCounts {
  const byStatus = windowsByKey(c.status, at, (i) => orderStatuses[i], orderStatuses.length);
  const outcomes = (ring: SecondRing, names: readonly string[], odd: 0 | 1) =>
    windowsByKey(ring, at, (i) => (i % 2 === odd ? names[i >> 1] : undefined), 2 * names.length);
  const byKind = windowsByKey(c.downloads, at, (i) => downloadKinds[i], downloadKinds.length);
  const classes = c.errorClasses;
  return {
    orders: byStatus.created ?? zeroWindowCounts(),
    downloads: sumKeys(byKind),
    invites: byKind.invite ?? zeroWindowCounts(),
    byChain: windowsByKey(c.chains, at, (i) => table.chains[i], table.chains.length),
    byChainMade: outcomes(c.chainOutcomes, table.chains, 0),
    byChainFailed: outcomes(c.chainOutcomes, table.chains, 1),
    byCity: windowsByKey(c.cities, at, (i) => table.cities[i], table.cities.length),
    byCityMade: outcomes(c.cityOutcomes, table.cities, 0),
    byCityFailed: outcomes(c.cityOutcomes, table.cities, 1),
    byStatus,
    errorClasses: windowsByKey(
      c.errors,
      at,
      (i) => (i < classes.size ? classes.name(i) : undefined),
      classes.size,
    ),
  };
}

/** Every endpoint seen so far, by index. */
export function endpointLoads(c: EventCounts, table: CapacityTable, at: number): EndpointLoad[] {
  return [...c.seenEndpoints].sort((a, b) => a - b).map((ep) => endpointLoad(c, table, ep, at));
}

/** A shop's load with its chain and city; a shop without capacity ranks by its rate. */
export function shopLoadOf(table: CapacityTable, e: ShopLoadEntry): ShopLoad {
  return {
    ...e,
    chain: table.chains[table.chainOf[e.shopId]!] ?? "",
    city: table.cities[table.cityOf[e.shopId]!] ?? "",
    utilization: Number.isFinite(e.utilization) ? e.utilization : e.ratePerMin,
  };
}

/** The watched shops with any load, each once, in the order asked. */
export function watchedShopLoads(
  shops: ShopLoadState,
  table: CapacityTable,
  watched: readonly number[],
): ShopLoad[] {
  const seen = new Set<number>();
  const out: ShopLoad[] = [];
  for (const id of watched) {
    if (seen.has(id) || id >= table.size || !shops.active(id)) continue;
    seen.add(id);
    out.push(shopLoadOf(table, shops.entry(id)));
  }
  return out;
}
