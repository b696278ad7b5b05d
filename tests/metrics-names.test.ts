/**
 * Every process's /metrics passes Debian's promtool (`promtool check metrics`: counters end in
 * `_total`, nothing else does, base units, no reserved names) and uses one prefix. The web's
 * series are checked on a live scrape in metrics-business.test.ts; here the worker's and the
 * notifier's, read from stand-ins of their stats, with values set.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createMetricsRegistry } from "../adapters/http/observability";
import { registerWorkerMetrics } from "../workers/aggregator/metrics";
import type { AggregatorWorker, WorkerStats } from "../workers/aggregator/worker";
import { registerNotifierMetrics } from "../workers/notifier/metrics";
import type { Notifier, NotifierStats } from "../workers/notifier/notifier";

function promtool(text: string) {
  const r = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  expect(r.error, "promtool (Debian package prometheus; npm test installs it)").toBeUndefined();
  return { status: r.status, problems: `${r.stdout}${r.stderr}`.trim() };
}

const names = (text: string): [string, string][] =>
  [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]);

describe("metric names", () => {
  it("promtool itself flags a gauge named _total (the check can fail)", () => {
    const r = promtool("# HELP lw_x_total x\n# TYPE lw_x_total gauge\nlw_x_total 1\n");
    expect(r.problems).toMatch(/non-counter metrics should not have "_total" suffix/);
  });

  it("worker: clean under promtool, launchwatch_ only, totals are counters", async () => {
    const registry = createMetricsRegistry({ defaultLabels: { process: "worker", instance: "w1" } });
    const stats: WorkerStats = {
      consumed: 10,
      counted: 8,
      invalid: 2,
      flushes: 3,
      flushMs: 1500,
      flushWaitMs: 0,
      framesPublished: 4,
      frameMs: 20,
      alertsPublished: 1,
      filtered: 1,
      extraFields: [{ type: "order", field: "traceId", count: 3 }],
      lastFlushAt: Date.now(),
      assigned: 2,
      flushFailingSince: 0,
      flushError: "",
    };
    const worker = {
      stats: () => stats,
      pipeline: () => ({
        lagMessages: 5,
        lagSeconds: 1.5,
        consumedPerSec: 100,
        producedPerSec: 100,
        partitions: [
          {
            topic: "lw.orders",
            partition: 0,
            position: 10,
            logEnd: 15,
            lagMessages: 5,
            lagSeconds: 1.5,
            eventTime: 1,
            held: false,
          },
        ],
      }),
    } as unknown as AggregatorWorker;
    registerWorkerMetrics(registry, worker);
    const text = await registry.metrics();
    expect(promtool(text)).toEqual({ status: 0, problems: "" });
    for (const [name, type] of names(text)) {
      expect(name).toMatch(/^(launchwatch_worker_|process_|nodejs_)/);
      expect(name.endsWith("_total"), name).toBe(type === "counter");
    }
    expect(text).toMatch(
      /^launchwatch_worker_messages_consumed_total\{process="worker",instance="w1"\} 10$/m,
    );
    expect(text).toMatch(/^launchwatch_worker_flush_seconds_total\{[^}]*\} 1\.5$/m);
  });

  it("notifier: clean under promtool, launchwatch_ only (no lw_), totals are counters", async () => {
    const registry = createMetricsRegistry({ defaultLabels: { process: "notifier", instance: "n1" } });
    const stats: NotifierStats = {
      role: "leader",
      groups: 2,
      firing: 3,
      alertsReceived: 7,
      alertsInvalid: 1,
      frames: 5,
      viewAlerts: 0,
      notificationsQueued: 4,
      delivery: { delivered: 3, retried: 2, rateLimited: 1, failed: 0, inFlight: 0, lastLatencyMs: 50 },
    };
    const notifier = { role: () => "leader", stats: () => stats } as unknown as Notifier;
    const metrics = registerNotifierMetrics(registry, () => notifier);
    metrics.delivered(250, "slack");
    const text = await registry.metrics();
    expect(promtool(text)).toEqual({ status: 0, problems: "" });
    expect(text).not.toMatch(/^(# \w+ )?lw_/m);
    for (const [name, type] of names(text)) {
      expect(name).toMatch(/^(launchwatch_notifier_|process_|nodejs_)/);
      expect(name.endsWith("_total"), name).toBe(type === "counter");
    }
    expect(text).toMatch(/^launchwatch_notifier_delivered_total\{[^}]*\} 3$/m);
    expect(text).toMatch(
      /^launchwatch_notifier_delivery_latency_seconds_count\{[^}]*receiver="slack"[^}]*\} 1$/m,
    );
  });
});
