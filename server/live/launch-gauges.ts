/**
 * The launch's gauges in /metrics: the combined view's current rates (orders, chains and cities,
 * endpoints). They are present only while the pipeline is live or behind: a stale or silent
 * pipeline has no current rate, and a scrape must not read one.
 */
import type { Registry } from "prom-client";
import { readGauge } from "../../adapters/http/read-metrics";
import { orderStatuses } from "../../core/events/order";
import { type LaunchGauges, launchGauges } from "../../core/live/launch-series";
import type { LiveHub } from "./hub";

type Setter<L extends string> = (labels: Partial<Record<L, string>>, v: number) => void;

/** Registers one gauge read from the current {@link LaunchGauges}; absent while there are none. */
type GaugeOf = <L extends string>(
  name: string,
  help: string,
  labelNames: L[],
  read: (g: LaunchGauges, set: Setter<L>) => void,
) => void;

type EndpointFigures = LaunchGauges["endpoints"] extends Map<string, infer E> ? E : never;

export function registerLaunchGauges(
  registry: Registry,
  hub: Pick<LiveHub, "combined" | "capacity" | "feed">,
): void {
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
  const gauge: GaugeOf = (name, help, labelNames, read) => {
    readGauge(registry, name, help, labelNames, (set) => {
      const g = gauges();
      if (g) read(g, set);
    });
  };
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
  for (const dim of ["chain", "city"] as const) registerGroupGauges(gauge, dim);
  registerEndpointGauges(gauge);
}

/** Orders, capacity and utilization of each chain or city. */
function registerGroupGauges(gauge: GaugeOf, dim: "chain" | "city"): void {
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

/** Rates, capacity, utilization and latency of each API endpoint. */
function registerEndpointGauges(gauge: GaugeOf): void {
  const endpointGauge = (name: string, help: string, value: (e: EndpointFigures) => number) =>
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
}
