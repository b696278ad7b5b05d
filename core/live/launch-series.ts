/**
 * The launch's own figures as Prometheus-style series, from what a web process receives: counts
 * of the closed seconds in every frame (counters: they only grow), and the current combined view
 * with the reference capacity (gauges: rates, utilization, shops over capacity). Labels are
 * bounded by the reference data (order status, chain, city, endpoint, drop reason), never a shop.
 * Pure: the adapter (server/live/launch-metrics.ts) hands the values to prom-client.
 */
import { orderStatuses } from "../events/order";
import type { CombinedView } from "../frames/combine";
import type { Frame, WindowCounts } from "../frames/frame";
import { perSecond } from "../frames/windows";
import { type ReferenceCapacity, utilization } from "./reference-capacity";

export type OrderStatus = (typeof orderStatuses)[number];

/** Running totals of the closed seconds of the frames received (each second is in one frame). */
export interface LaunchCounts {
  orders: Record<OrderStatus, number>;
  /** Per endpoint: requests, errors and client retries. */
  api: Map<string, { requests: number; errors: number; retries: number }>;
  downloads: { install: number; update: number; invite: number };
}

export function createLaunchCounts(): LaunchCounts & { add(frame: Frame): void } {
  const counts: LaunchCounts = {
    orders: { created: 0, accepted: 0, made: 0, failed: 0 },
    api: new Map(),
    downloads: { install: 0, update: 0, invite: 0 },
  };
  return {
    ...counts,
    add(frame) {
      for (const s of frame.seconds) {
        for (const st of orderStatuses) counts.orders[st] += s.orders[st];
        counts.downloads.install += s.downloads.install;
        counts.downloads.update += s.downloads.update;
        counts.downloads.invite += s.downloads.invite;
        for (const [endpoint, a] of Object.entries(s.api)) {
          const e = counts.api.get(endpoint) ?? { requests: 0, errors: 0, retries: 0 };
          e.requests += a.requests;
          e.errors += a.errors;
          e.retries += a.retries;
          counts.api.set(endpoint, e);
        }
      }
    },
  };
}

export interface GroupGauges {
  /** Orders created per second over the last minute. */
  ordersPerSecond: number;
  /** What the group's shops can make per second. */
  capacityPerSecond: number;
  /** Orders over capacity, last minute; 0 while the capacity is unknown. */
  utilization: number;
}

export interface EndpointGauges {
  /** Over the last 10 s. */
  requestsPerSecond: number;
  errorsPerSecond: number;
  capacityPerSecond: number;
  utilization: number;
  /** Latency percentiles over the last minute, seconds; NaN when unknown (no request in the minute). */
  p50Seconds: number;
  p95Seconds: number;
  p99Seconds: number;
}

/** The gauges of one combined view. */
export interface LaunchGauges {
  /** Orders per second over the last minute, per status. */
  ordersPerSecond: Record<OrderStatus, number>;
  shopsOverCapacity: number;
  byChain: Map<string, GroupGauges>;
  /** Orders made and failed per second over the last minute, per chain. */
  chainOutcomes: Map<string, { made: number; failed: number }>;
  byCity: Map<string, GroupGauges>;
  /** Orders made and failed per second over the last minute, per city. */
  cityOutcomes: Map<string, { made: number; failed: number }>;
  endpoints: Map<string, EndpointGauges>;
}

function groups(
  counts: CombinedView["byChain"],
  capacity: ReferenceCapacity["byChain"],
): Map<string, GroupGauges> {
  const out = new Map<string, GroupGauges>();
  // A group with shops but no orders yet is at 0, as on the dashboard.
  for (const key of new Set([...Object.keys(counts), ...Object.keys(capacity)])) {
    const perMin = counts[key]?.["1m"] ?? 0;
    const capPerMin = capacity[key]?.capacityPerMin ?? 0;
    out.set(key, {
      ordersPerSecond: perMin / 60,
      capacityPerSecond: capPerMin / 60,
      utilization: utilization(perMin, capPerMin),
    });
  }
  return out;
}

/** A latency in ms as seconds; unknown is NaN, as Prometheus writes a value it does not have. */
const seconds = (ms: number | null) => (ms === null ? Number.NaN : ms / 1000);

export function launchGauges(view: CombinedView, capacity: ReferenceCapacity): LaunchGauges {
  const ordersPerSecond = { created: 0, accepted: 0, made: 0, failed: 0 };
  for (const st of orderStatuses) ordersPerSecond[st] = (view.byStatus[st]?.["1m"] ?? 0) / 60;
  const endpoints = new Map<string, EndpointGauges>();
  for (const e of view.endpoints)
    endpoints.set(e.endpoint, {
      requestsPerSecond: perSecond(e.requests),
      errorsPerSecond: perSecond(e.errors),
      capacityPerSecond: e.capacityPerSec,
      utilization: e.utilization,
      p50Seconds: seconds(e.p50),
      p95Seconds: seconds(e.p95),
      p99Seconds: seconds(e.p99),
    });
  const outcomes = (
    created: Record<string, WindowCounts>,
    made: Record<string, WindowCounts>,
    failed: Record<string, WindowCounts>,
    known: Record<string, unknown>,
  ) => {
    const out = new Map<string, { made: number; failed: number }>();
    for (const key of new Set([
      ...Object.keys(created),
      ...Object.keys(made),
      ...Object.keys(failed),
      ...Object.keys(known),
    ]))
      out.set(key, { made: (made[key]?.["1m"] ?? 0) / 60, failed: (failed[key]?.["1m"] ?? 0) / 60 });
    return out;
  };
  const chainOutcomes = outcomes(view.byChain, view.byChainMade, view.byChainFailed, capacity.byChain);
  const cityOutcomes = outcomes(view.byCity, view.byCityMade, view.byCityFailed, capacity.byCity);
  return {
    ordersPerSecond,
    chainOutcomes,
    shopsOverCapacity: view.shopsOverCapacity,
    byChain: groups(view.byChain, capacity.byChain),
    byCity: groups(view.byCity, capacity.byCity),
    cityOutcomes,
    endpoints,
  };
}
