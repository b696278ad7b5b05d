/**
 * The pipeline status (core/pipeline/status.ts) of this web process's hub in its /metrics, read
 * when scraped. Unknown values are absent, never 0.
 */
import { Gauge, type Registry } from "prom-client";
import type { PipelineState } from "../../core/pipeline/status";
import type { LiveHub } from "./hub";

const states: PipelineState[] = ["waiting", "live", "behind", "no-data", "stale"];

export function registerPipelineMetrics(registry: Registry, hub: Pick<LiveHub, "feed">): void {
  const registers = [registry];
  const value = (
    name: string,
    help: string,
    pick: (p: ReturnType<LiveHub["feed"]>["pipeline"]) => number | null,
  ) =>
    new Gauge({
      name,
      help,
      // A label, so that reset() leaves no series: an unlabelled gauge would read 0 when unknown.
      labelNames: ["scope"],
      registers,
      collect() {
        this.reset();
        const v = pick(hub.feed().pipeline);
        if (v !== null) this.set({ scope: "all" }, v);
      },
    });
  value(
    "launchwatch_web_pipeline_lag_seconds",
    "Largest consumer lag of a reporting worker",
    (p) => p.lagSeconds,
  );
  value(
    "launchwatch_web_pipeline_lag_messages",
    "Messages behind the log ends over reporting workers",
    (p) => p.lagMessages,
  );
  value(
    "launchwatch_web_pipeline_producer_delay_seconds",
    "Largest producers' share of the event delay over reporting workers (records reach Kafka late)",
    (p) => p.producerDelaySeconds,
  );
  value(
    "launchwatch_web_pipeline_reporting_workers",
    "Workers with a frame in the last 10 s",
    (p) => p.reporting,
  );
  value(
    "launchwatch_web_pipeline_silent_workers",
    "Workers heard from that stopped reporting",
    (p) => p.silent.length,
  );
  value("launchwatch_web_frame_age_now_seconds", "Age of the newest frame", (p) =>
    p.frameAgeMs === null ? null : p.frameAgeMs / 1000,
  );
  value("launchwatch_web_stream_behind_wall_seconds", "Wall clock minus the stream clock", (p) =>
    p.streamBehindWallMs === null ? null : p.streamBehindWallMs / 1000,
  );
  new Gauge({
    name: "launchwatch_web_pipeline_state",
    help: "1 for the current pipeline status (waiting, live, behind, no-data, stale)",
    labelNames: ["state"],
    registers,
    collect() {
      const now = hub.feed().pipeline.state;
      for (const s of states) this.set({ state: s }, s === now ? 1 : 0);
    },
  });
}
