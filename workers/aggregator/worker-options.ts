/**
 * What an aggregation worker is given (WorkerOptions) and what it offers (AggregatorWorker).
 * Defaults are in the doc of each option; a replay's few extra settings are in ReplayRun.
 */
import type { Kafka } from "kafkajs";
import type { AggregateStore } from "../../adapters/db/aggregate-store";
import type { KafkaClient } from "../../adapters/kafka/choose-consumer";
import type { BatchDecoder } from "../../adapters/kafka/mapped-decoder";
import type { PartitionConsumer } from "../../adapters/kafka/partition-consumer";
import type { TopicNames } from "../../adapters/kafka/topics";
import type { Logger } from "../../adapters/log";
import type { StreamTimeRule } from "../../core/aggregation/stream-time-guard";
import type { Alert } from "../../core/alerts/alert";
import type { Rule } from "../../core/alerts/rule";
import type { Frame } from "../../core/frames/frame";
import type { PipelineHealth } from "../../core/pipeline/health";
import type { ReplayRun } from "./replay-run";
import type { WorkerStats } from "./worker-state";

export interface WorkerOptions {
  kafka: Kafka;
  store: AggregateStore;
  topics: TopicNames;
  /** Consumer group; all workers of one deployment share it. */
  groupId: string;
  /** Name of the aggregate stream in Postgres (default `live`; replays use their own). */
  stream?: string;
  workerId: string;
  logger: Logger;
  clock?: () => number;
  /** Frame period (default 1000 ms). */
  frameIntervalMs?: number;
  /** Aggregates and offsets are written at most this often (default 1000 ms). */
  flushIntervalMs?: number;
  graceMs?: number;
  idleMs?: number;
  dedupHorizonMs?: number;
  /** When an event is too far ahead of its stream to count (core/aggregation/stream-time-guard). */
  streamTime?: Partial<StreamTimeRule>;
  /** Dead letters' keys and values are cut to this many bytes (default 64 KiB). */
  deadLetterMaxBytes?: number;
  /** The default consumer skips a batch inflating past this many bytes (default 64 MiB). */
  maxInflatedBytes?: number;
  topK?: number;
  /** Frame snapshots older than this (event time) are deleted (default 48 h). */
  snapshotRetentionHours?: number;
  /** How often old snapshots of this stream are deleted (default 10 min). */
  snapshotPruneIntervalMs?: number;
  /** Whether to keep a snapshot of every frame (default true). */
  snapshots?: boolean;
  /** Reference data is reloaded this often, to pick up capacity edits (default 30 s). */
  capacityRefreshMs?: number;
  /** Consumer group session timeout (default 30 s): how soon a crashed worker's partitions move. */
  sessionTimeoutMs?: number;
  /** Replaceable for measuring another Kafka client. */
  consumer?: PartitionConsumer;
  /** Client of the default consumer (default `fast`). */
  kafkaClient?: KafkaClient;
  /**
   * Bytes fetched per partition per request by the default consumer (default 1 MiB). Smaller
   * fetches hold fewer decoded messages in memory at once.
   */
  maxBytesPerPartition?: number;
  /** Loads the alert rules; shop rules are evaluated here, where every shop's load is known. */
  loadRules?: () => Promise<Rule[]>;
  /** How often rules are reloaded (default 30 s). */
  rulesRefreshMs?: number;
  /** Publish frames to the frames topic (default true; replays keep theirs to snapshots). */
  publishFrames?: boolean;
  /** Where alert updates go (default: the `alerts` topic). */
  alertSink?: (alerts: Alert[]) => Promise<void>;
  /** A replay's re-aggregation (workers/replay): its own few settings. */
  replay?: ReplayRun;
  /** The worker cannot go on (e.g. its store rejected an assignment); default: log it. */
  onFatal?: (err: unknown) => void;
  /** Called with every frame published (tests, benchmarks). */
  onFrame?: (frame: Frame) => void;
  /**
   * A source mapping's topics (docs/SOURCES.md), each with its decoder: read instead of the
   * native event topics. Default: the native topics, decoded by the contract.
   */
  sources?: Map<string, BatchDecoder>;
}

export interface AggregatorWorker {
  start(): Promise<void>;
  /** Flushes what is pending and leaves the group. */
  stop(): Promise<void>;
  stats(): WorkerStats;
  /** Shops some viewer is looking at (from the watch topic). */
  watch(shopIds: Iterable<number>): void;
  /** Lag behind the log end as of the last frame (null: not measured; replays do not). */
  pipeline(): PipelineHealth | null;
}
