/**
 * The worker's pipeline health for its frames and /metrics: positions from the worker, log end
 * offsets from the broker (adapters/kafka/log-end-offsets), lag rules from core/pipeline/lag.
 */
import type { Kafka } from "kafkajs";
import { type LogEndReader, startLogEndReader } from "../../adapters/kafka/log-end-offsets";
import type { Logger } from "../../adapters/log";
import { eventDelaySeconds, producerDelaySeconds } from "../../core/pipeline/event-delay";
import type { PipelineHealth } from "../../core/pipeline/health";
import { createLagTracker } from "../../core/pipeline/lag";

export interface PartitionProgress {
  topic: string;
  partition: number;
  /** Next offset to count. */
  position: number;
  eventTime: number | null;
  held: boolean;
}

export interface PipelineHealthTracker {
  /** The health of these partitions now; records their progress for the rates. */
  snapshot(partitions: readonly PartitionProgress[]): PipelineHealth;
  /** The log end offset of `topic/partition` last read from the broker (null: not yet). */
  logEnd(key: string): number | null;
  stop(): Promise<void>;
}

export async function startPipelineHealth({
  kafka,
  topics,
  logger,
  clock = Date.now,
  intervalMs = 1000,
}: {
  kafka: Kafka;
  topics: readonly string[];
  logger: Logger;
  clock?: () => number;
  /** How often log end offsets are read (default 1 s). */
  intervalMs?: number;
}): Promise<PipelineHealthTracker> {
  const lag = createLagTracker();
  /** Event time from which this worker's windows hold data (its first report with any). */
  let dataSince: number | null = null;
  const reader: LogEndReader = await startLogEndReader({
    kafka,
    topics,
    logger,
    intervalMs,
    clock,
    onEnds(at, ends) {
      for (const [key, end] of ends) lag.logEnd(key, at, end);
    },
  });
  return {
    snapshot(partitions) {
      const now = clock();
      let lagMessages: number | null = 0;
      let lagSeconds: number | null = 0;
      let positions = 0;
      let ends = 0;
      let producerDelay: number | null = null;
      const tenths = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
      const list = partitions.map((p) => {
        const key = `${p.topic}/${p.partition}`;
        const l = lag.lag(key, p.position, now);
        const eventDelay = eventDelaySeconds(now, p.eventTime);
        const producer = producerDelaySeconds({
          eventDelay,
          lagMessages: l.messages,
          logEndMovedAt: lag.lastEndAt(key),
          now,
        });
        if (producer !== null) producerDelay = Math.max(producerDelay ?? 0, producer);
        positions += p.position;
        ends += l.logEnd ?? p.position;
        lagMessages = lagMessages === null || l.messages === null ? null : lagMessages + l.messages;
        lagSeconds = lagSeconds === null || l.seconds === null ? null : Math.max(lagSeconds, l.seconds);
        return {
          topic: p.topic,
          partition: p.partition,
          position: p.position,
          logEnd: l.logEnd,
          lagMessages: l.messages,
          lagSeconds: l.seconds === null ? null : Math.round(l.seconds * 10) / 10,
          eventTime: p.eventTime,
          eventDelaySeconds: tenths(eventDelay),
          producerDelaySeconds: tenths(producer),
          held: p.held,
        };
      });
      lag.progress(now, positions, ends);
      if (dataSince === null) {
        const times = partitions.flatMap((p) => (p.eventTime === null ? [] : [p.eventTime]));
        // The slowest partition's newest event: about where the windows begin to close, and
        // the windows may hold data from a little earlier (counted before this first report).
        if (times.length > 0) dataSince = Math.floor(Math.min(...times) / 1000) * 1000;
      }
      const rates = lag.rates();
      return {
        lagMessages,
        lagSeconds: tenths(lagSeconds),
        producerDelaySeconds: tenths(producerDelay),
        dataSince,
        consumedPerSec: rates ? Math.round(rates.consumedPerSec) : null,
        producedPerSec: rates ? Math.round(rates.producedPerSec) : null,
        partitions: list,
      };
    },
    logEnd: (key) => lag.lastEnd(key),
    stop: () => reader.stop(),
  };
}
