/**
 * The launch's business series in this web process's /metrics (core/live/launch-series.ts),
 * read when scraped. Counters (`_total`) count the closed seconds of the frames received since
 * this process started (Prometheus' rate() and increase() take restarts in their stride); the
 * dropped-event counters are the pipeline's own totals. Gauges are the combined view's rates,
 * present only while the pipeline is live or behind: a stale or silent pipeline has no current
 * rate, and a scrape must not read one (the state is in launchwatch_web_pipeline_state).
 */
import type { Registry } from "prom-client";
import { readCounter, readGauge } from "../../adapters/http/read-metrics";
import { orderStatuses } from "../../core/events/order";
import type { Frame } from "../../core/frames/frame";
import { createLaunchCounts, type LaunchGauges, launchGauges } from "../../core/live/launch-series";
import type { LiveHub } from "./hub";

export interface LaunchMetrics {
  /** Counts a received frame's closed seconds. */
  addFrame(frame: Frame): void;
}

const droppedReasons = { invalid: "invalid", ahead: "ahead", unreadable: "unreadable" } as const;

export function registerLaunchMetrics(
  registry: Registry,
  hub: Pick<LiveHub, "combined" | "capacity" | "feed">,
): LaunchMetrics {
  const counts = createLaunchCounts();
  const counter = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    read: (set: (labels: Partial<Record<L, string>>, v: number) => void) => void,
  ) => readCounter(registry, name, help, labelNames, read);
  counter(
    "launchwatch_orders_total",
    "Orders by status (created, accepted, made, failed)",
    ["status"],
    (set) => {
      for (const st of orderStatuses) set({ status: st }, counts.orders[st]);
    },
  );
  counter(
    "launchwatch_downloads_total",
    "App downloads by kind (install, update, invite)",
    ["kind"],
    (set) => {
      for (const [kind, v] of Object.entries(counts.downloads)) set({ kind }, v);
    },
  );
  counter("launchwatch_api_requests_total", "API requests by endpoint", ["endpoint"], (set) => {
    for (const [endpoint, a] of counts.api) set({ endpoint }, a.requests);
  });
  counter("launchwatch_api_errors_total", "API requests that failed, by endpoint", ["endpoint"], (set) => {
    for (const [endpoint, a] of counts.api) set({ endpoint }, a.errors);
  });
  counter(
    "launchwatch_api_retries_total",
    "API requests that were client retries, by endpoint",
    ["endpoint"],
    (set) => {
      for (const [endpoint, a] of counts.api) set({ endpoint }, a.retries);
    },
  );
  const totals = () => hub.combined()?.totals ?? null;
  counter(
    "launchwatch_events_late_total",
    "Events dropped as too late for their window (pipeline total)",
    [],
    (set) => {
      const t = totals();
      if (t) set({}, t.lateDropped);
    },
  );
  counter(
    "launchwatch_events_duplicate_total",
    "Events dropped as duplicates (pipeline total)",
    [],
    (set) => {
      const t = totals();
      if (t) set({}, t.duplicates);
    },
  );
  counter(
    "launchwatch_events_dead_lettered_total",
    "Events sent to the dead-letter topic, by reason (invalid, ahead, unreadable; pipeline total)",
    ["reason"],
    (set) => {
      const t = totals();
      if (t) for (const [reason, key] of Object.entries(droppedReasons)) set({ reason }, t[key]);
    },
  );

  // Computed once per view (the hub makes a new one per change), not once per gauge.
  let cached: { view: unknown; gauges: LaunchGauges | null } = { view: undefined, gauges: null };
  const gauges = (): LaunchGauges | null => {
    const view = hub.combined();
    const state = hub.feed().pipeline.state;
    const shown = view && (state === "live" || state === "behind") ? view : null;
    if (cached.view !== shown)
      cached = { view: shown, gauges: shown ? launchGauges(shown, hub.capacity()) : null };
    return cached.gauges;
  };
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    read: (g: LaunchGauges, set: (labels: Partial<Record<L, string>>, v: number) => void) => void,
  ) =>
    readGauge(registry, name, help, labelNames, (set) => {
      const g = gauges();
      if (g) read(g, set);
    });
  gauge(
    "launchwatch_orders_per_second",
    "Orders per second over the last minute, by status",
    ["status"],
    (g, set) => {
      for (const st of orderStatuses) set({ status: st }, g.ordersPerSecond[st]);
    },
  );
  gauge("launchwatch_shops_over_capacity", "Shops receiving more orders than they can make", [], (g, set) =>
    set({}, g.shopsOverCapacity),
  );
  for (const dim of ["chain", "city"] as const) {
    const pick = (g: LaunchGauges) => (dim === "chain" ? g.byChain : g.byCity);
    gauge(
      `launchwatch_${dim}_orders_per_second`,
      `Orders per second over the last minute, by ${dim} and status (created, made, failed)`,
      [dim, "status"],
      (g, set) => {
        for (const [key, v] of pick(g)) set({ [dim]: key, status: "created" }, v.ordersPerSecond);
        for (const [key, o] of dim === "chain" ? g.chainOutcomes : g.cityOutcomes) {
          set({ [dim]: key, status: "made" }, o.made);
          set({ [dim]: key, status: "failed" }, o.failed);
        }
      },
    );
    gauge(
      `launchwatch_${dim}_capacity_orders_per_second`,
      `Orders per second the ${dim}'s shops can make`,
      [dim],
      (g, set) => {
        for (const [key, v] of pick(g))
          set({ [dim]: key } as Partial<Record<typeof dim, string>>, v.capacityPerSecond);
      },
    );
    gauge(
      `launchwatch_${dim}_utilization_ratio`,
      `Orders over capacity, last minute, by ${dim} (0 while the capacity is unknown)`,
      [dim],
      (g, set) => {
        for (const [key, v] of pick(g))
          set({ [dim]: key } as Partial<Record<typeof dim, string>>, v.utilization);
      },
    );
  }
  const endpointGauge = (
    name: string,
    help: string,
    value: (e: LaunchGauges["endpoints"] extends Map<string, infer E> ? E : never) => number,
  ) =>
    gauge(name, help, ["endpoint"], (g, set) => {
      for (const [endpoint, e] of g.endpoints) set({ endpoint }, value(e));
    });
  endpointGauge(
    "launchwatch_endpoint_requests_per_second",
    "API requests per second over the last 10 s",
    (e) => e.requestsPerSecond,
  );
  endpointGauge(
    "launchwatch_endpoint_errors_per_second",
    "API errors per second over the last 10 s",
    (e) => e.errorsPerSecond,
  );
  endpointGauge(
    "launchwatch_endpoint_capacity_requests_per_second",
    "Requests per second the endpoint can serve",
    (e) => e.capacityPerSecond,
  );
  endpointGauge(
    "launchwatch_endpoint_utilization_ratio",
    "Requests over capacity, last 10 s",
    (e) => e.utilization,
  );
  endpointGauge(
    "launchwatch_endpoint_latency_p50_seconds",
    "Median latency over the last minute",
    (e) => e.p50Seconds,
  );
  endpointGauge(
    "launchwatch_endpoint_latency_p95_seconds",
    "95th percentile latency over the last minute",
    (e) => e.p95Seconds,
  );
  endpointGauge(
    "launchwatch_endpoint_latency_p99_seconds",
    "99th percentile latency over the last minute",
    (e) => e.p99Seconds,
  );
  return { addFrame: (f) => counts.add(f) };
}
