/**
 * What the parts of an aggregation worker share: its partitions as assigned now, the aggregator
 * counting them, and the counters the worker reports. The worker (worker.ts) replaces the
 * partitions and the aggregator on every assignment; the parts read them through this object.
 */
import type { BatchDecoder } from "../../adapters/kafka/mapped-decoder";
import type { TopicPartition } from "../../adapters/kafka/partition-consumer";
import type { Aggregator } from "../../core/aggregation/aggregator";
import type { EventType } from "../../core/events/decode";

export interface PartitionState extends TopicPartition {
  id: number;
  type: EventType;
  /** The source mapping's decoder (null: the native contract). */
  decoder: BatchDecoder | null;
  /** First offset not yet persisted when the partition was assigned: events before it only restore windows. */
  persistedFrom: number;
  /** Next offset of the last snapshot taken for persisting (written or on its way). */
  snapshotNext: number;
  /** Next offset after the events processed so far. */
  pendingNext: number;
  /** Newest event time counted (the partition's watermark as the hold-back rule sees it). */
  newest: number | null;
}

export interface WorkerStats {
  consumed: number;
  counted: number;
  invalid: number;
  flushes: number;
  /** Wall time spent in flushes (Postgres transaction included), ms. */
  flushMs: number;
  /** Wall time consuming waited for queued flushes (backpressure), ms. */
  flushWaitMs: number;
  framesPublished: number;
  /** Wall time spent building, storing and evaluating frames, ms. */
  frameMs: number;
  alertsPublished: number;
  /** Records a source mapping's filter skipped (not relevant: neither counted nor dead-lettered). */
  filtered: number;
  /** Fields beyond the contract, per event type and name (capped; core/events/extra-fields). */
  extraFields: Array<{ type: EventType; field: string; count: number }>;
  lastFlushAt: number;
  assigned: number;
  /** Wall-clock ms since flushes have been failing (0: the last one succeeded). */
  flushFailingSince: number;
  /** The error of the last failed flush attempt ("" when none). */
  flushError: string;
}

export interface WorkerState {
  partitions: Map<string, PartitionState>;
  aggregator: Aggregator | null;
  /** Partitions another worker has stored past (their work here is void until resync). */
  fencedKeys: Set<string>;
  stats: WorkerStats;
}

export function createWorkerState(): WorkerState {
  return {
    partitions: new Map(),
    aggregator: null,
    fencedKeys: new Set(),
    stats: {
      consumed: 0,
      counted: 0,
      invalid: 0,
      flushMs: 0,
      flushWaitMs: 0,
      flushes: 0,
      framesPublished: 0,
      frameMs: 0,
      alertsPublished: 0,
      filtered: 0,
      extraFields: [],
      lastFlushAt: 0,
      assigned: 0,
      flushFailingSince: 0,
      flushError: "",
    },
  };
}
