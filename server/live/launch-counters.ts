/**
 * The launch's counters in /metrics (`_total`): orders, downloads and API calls counted from the
 * closed seconds of the frames this process received, and the pipeline's own totals of the events
 * it dropped (late, duplicate, dead-lettered).
 */
import type { Registry } from "prom-client";
import { readCounter } from "../../adapters/http/read-metrics";
import { orderStatuses } from "../../core/events/order";
import type { CombinedView } from "../../core/frames/combine";
import type { LaunchCounts } from "../../core/live/launch-series";

const droppedReasons = { invalid: "invalid", ahead: "ahead", unreadable: "unreadable" } as const;

/**
 * @param counts what the received frames added up to.
 * @param totals the pipeline's totals in the combined view; null before the first frame (then
 *   the dropped-event counters are absent, not 0).
 */
export function registerLaunchCounters(
  registry: Registry,
  counts: LaunchCounts,
  totals: () => CombinedView["totals"] | null,
): void {
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
}
