/**
 * The one clock of a page (docs/DASHBOARD.md, "One clock"): ages, "since", default ranges and
 * the like follow the stream's clock when the status rule says so (simulations, replays, a launch
 * re-read months later), else the wall clock. Alerts about the pipeline itself (meta-alerts) are
 * stamped in wall time and keep the wall clock. Pure.
 */
import type { PipelineStatus } from "./status";

/** Rules whose alerts are stamped with the wall clock (core/pipeline/meta-alerts.ts). */
export const wallClockRules: ReadonlySet<string> = new Set(["watchdog", "pipeline-lagging", "no-data"]);

/**
 * The page's "now" in ms: the stream clock when the pipeline follows it, else `wallNow` (the
 * server's wall clock as the client estimates it).
 */
export function pageNow(
  status: Pick<PipelineStatus, "clock" | "streamTime"> | null,
  wallNow: number,
): number {
  return status?.clock === "stream" && status.streamTime !== null ? status.streamTime : wallNow;
}

/** An alert's age in ms on the clock its start time belongs to. */
export function alertAge(
  alert: { rule: string; since: number; external?: true },
  status: Pick<PipelineStatus, "clock" | "streamTime"> | null,
  wallNow: number,
): number {
  // The pipeline's own alerts and those posted from outside are stamped with the wall clock.
  const now = alert.external || wallClockRules.has(alert.rule) ? wallNow : pageNow(status, wallNow);
  return Math.max(0, now - alert.since);
}
