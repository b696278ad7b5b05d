/**
 * The seam between an aggregation worker and the Kafka client that feeds it: what a partition
 * consumer hands its handlers (batches, assignments, unreadable batches) and what it offers.
 * Two implementations: adapters/kafka/fast-consumer (default) and kafkajs-partition-consumer.ts;
 * choose-consumer.ts picks one.
 */
import type { Kafka, PartitionAssigner } from "kafkajs";
import type { Logger } from "../log";
import type { RecordHeaders } from "./record-headers";
import type { SourceBatch, UnreadableBatch } from "./source-batch";

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface SourceMessage {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  timestamp?: number;
  headers?: RecordHeaders;
}

export interface AssignedPartition extends TopicPartition {
  /** First offset the log still holds. */
  low: number;
  /** Offset the next produced message will get (the log end). */
  high: number;
}

export interface PartitionHandlers {
  /**
   * Called with the full assignment after every rebalance, before any batch of it is handed
   * out. Returns the offset each partition must start from.
   */
  onAssign(assigned: AssignedPartition[]): Promise<Map<string, number>>;
  /** `caughtUp`: the batch reaches the partition's log end as of this fetch. */
  onBatch(tp: TopicPartition, batch: SourceBatch, caughtUp: boolean): Promise<void>;
  /**
   * A record batch the client could not read was skipped. Handed out in offset order with the
   * batches: every record before it has been handed to `onBatch` already, none after it yet.
   */
  onUnreadable(tp: TopicPartition, batch: UnreadableBatch): void;
  /** The consumer cannot go on (an assignment failed); it has stopped. */
  onFatal(err: unknown): void;
  /**
   * Partitions the caller holds back (far ahead of the others in event time): not fetched until
   * this says false again; a round already fetched may still be handed out.
   */
  held?(tp: TopicPartition): boolean;
}

export interface PartitionConsumer {
  run(handlers: PartitionHandlers): Promise<void>;
  /**
   * Runs the assignment again for the current partitions (onAssign, then seeks), e.g. after the
   * caller's store showed another member moved a partition on. Batches wait until it is done.
   */
  resync(): void;
  /** Records progress in Kafka too (for lag monitoring); the source of truth is the caller's store. */
  commit(offsets: Array<TopicPartition & { offset: number }>): Promise<void>;
  stop(): Promise<void>;
}

export const tpKey = (tp: TopicPartition): string => `${tp.topic}/${tp.partition}`;

/** Options of either implementation (the fast consumer reads the same). */
export interface KafkajsConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  /** Bytes fetched per partition per request (default 1 MiB). */
  maxBytesPerPartition?: number;
  /** Bytes fetched per request over all partitions (default 16 MiB). */
  maxBytes?: number;
  /** A member that stops heartbeating is removed after this long (default 30 s; broker minimum 6 s). */
  sessionTimeout?: number;
  /** How the group's partitions are dealt (default: kafkajs' round robin). */
  partitionAssigners?: PartitionAssigner[];
}
