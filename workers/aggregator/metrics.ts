/** Prometheus metrics of a worker process, read from the worker's stats when scraped. */
import { Gauge, type Registry } from "prom-client";
import { readCounter, readGauge } from "../../adapters/http/read-metrics";
import type { PartitionHealth } from "../../core/pipeline/health";
import type { AggregatorWorker } from "./worker";

export function registerWorkerMetrics(registry: Registry, worker: AggregatorWorker): void {
  type Stats = ReturnType<AggregatorWorker["stats"]>;
  const total = (name: string, help: string, pick: (s: Stats) => number) =>
    readCounter(registry, name, help, [], (set) => set({}, pick(worker.stats())));
  const level = (name: string, help: string, pick: (s: Stats) => number) =>
    readGauge(registry, name, help, [], (set) => set({}, pick(worker.stats())));
  total("launchwatch_worker_messages_consumed_total", "Messages consumed since start", (s) => s.consumed);
  total(
    "launchwatch_worker_events_counted_total",
    "Events counted into windows since start",
    (s) => s.counted,
  );
  total(
    "launchwatch_worker_events_dead_lettered_total",
    "Messages sent to the dead-letter topic since start",
    (s) => s.invalid,
  );
  total(
    "launchwatch_worker_flushes_total",
    "Aggregate+offset transactions written since start",
    (s) => s.flushes,
  );
  total(
    "launchwatch_worker_flush_seconds_total",
    "Time spent writing flushes since start",
    (s) => s.flushMs / 1000,
  );
  total(
    "launchwatch_worker_frames_published_total",
    "Frames published since start",
    (s) => s.framesPublished,
  );
  total(
    "launchwatch_worker_alerts_published_total",
    "Alert updates sent to the alerts topic since start",
    (s) => s.alertsPublished,
  );
  total(
    "launchwatch_worker_records_filtered_total",
    "Records a source mapping's filter skipped as not relevant since start",
    (s) => s.filtered,
  );
  // Producers adding a field (a trace id, a coupon) are visible here, not in the dead letters.
  readCounter(
    registry,
    "launchwatch_worker_event_extra_fields_total",
    "Events accepted with a field beyond the contract, per event type and field name (names capped; the rest as (other))",
    ["type", "field"],
    (set) => {
      for (const e of worker.stats().extraFields) set({ type: e.type, field: e.field }, e.count);
    },
  );
  const partitionGauge = (name: string, help: string, pick: (p: PartitionHealth) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ["topic", "partition"],
      registers: [registry],
      collect() {
        this.reset();
        for (const p of worker.pipeline()?.partitions ?? []) {
          const v = pick(p);
          // Unknown is absent, never 0: a scrape must not read "no lag" when lag is not known.
          if (v !== null) this.set({ topic: p.topic, partition: String(p.partition) }, v);
        }
      },
    });
  partitionGauge(
    "launchwatch_worker_consumer_lag_messages",
    "Messages behind the log end, per partition, as of the last frame",
    (p) => p.lagMessages,
  );
  partitionGauge(
    "launchwatch_worker_consumer_lag_seconds",
    "Wall-clock seconds the next unread message has waited, per partition",
    (p) => p.lagSeconds,
  );
  partitionGauge(
    "launchwatch_worker_event_time_seconds",
    "Newest event time counted, per partition (epoch seconds)",
    (p) => (p.eventTime === null ? null : p.eventTime / 1000),
  );
  partitionGauge(
    "launchwatch_worker_event_delay_seconds",
    "Wall seconds the newest event time counted is behind, per partition",
    (p) => p.eventDelaySeconds ?? null,
  );
  partitionGauge(
    "launchwatch_worker_producer_delay_seconds",
    "The producers' share of the event delay (event delay minus consumer lag), per partition being written to",
    (p) => p.producerDelaySeconds ?? null,
  );
  partitionGauge(
    "launchwatch_worker_partition_held",
    "1 while the partition is held back (far ahead)",
    (p) => (p.held ? 1 : 0),
  );
  level("launchwatch_worker_assigned_partitions", "Partitions assigned to this worker", (s) => s.assigned);
  readGauge(
    registry,
    "launchwatch_worker_last_flush_timestamp_seconds",
    "When the last flush completed (absent before the first)",
    [],
    (set) => {
      const at = worker.stats().lastFlushAt;
      if (at > 0) set({}, at / 1000);
    },
  );
}
