/**
 * The launch's business series in this web process's /metrics (core/live/launch-series.ts),
 * read when scraped. Counters (`_total`, launch-counters.ts) count the closed seconds of the
 * frames received since this process started (Prometheus' rate() and increase() take restarts in
 * their stride); the dropped-event counters are the pipeline's own totals. Gauges
 * (launch-gauges.ts) are the combined view's rates, present only while the pipeline is live or
 * behind: a stale or silent pipeline has no current rate, and a scrape must not read one (the
 * state is in launchwatch_web_pipeline_state).
 */
import type { Registry } from "prom-client";
import type { Frame } from "../../core/frames/frame";
import { createLaunchCounts } from "../../core/live/launch-series";
import type { LiveHub } from "./hub";
import { registerLaunchCounters } from "./launch-counters";
import { registerLaunchGauges } from "./launch-gauges";

export interface LaunchMetrics {
  /** Counts a received frame's closed seconds. */
  addFrame(frame: Frame): void;
}

export function registerLaunchMetrics(
  registry: Registry,
  hub: Pick<LiveHub, "combined" | "capacity" | "feed">,
): LaunchMetrics {
  const counts = createLaunchCounts();
  registerLaunchCounters(registry, counts, () => hub.combined()?.totals ?? null);
  registerLaunchGauges(registry, hub);
  return { addFrame: (f) => counts.add(f) };
}
