/**
 * The seam between a producer lane and the Kafka client that sends its batches: the lean
 * producer of adapters/kafka/fast-producer (default) or kafkajs. Both send the same messages
 * (same keys, values and partitions, one event per message); they differ in CPU per message.
 * connect-lane-sender.ts connects one of them.
 */
import type { KafkaSecurity } from "../adapters/kafka/security";
import type { TopicRole } from "../core/simulation/wire";
import type { PackedBatch } from "./pack";

/** Which client sends: `fast` (adapters/kafka/fast-producer) or `kafkajs`. */
export type KafkaClientKind = "fast" | "kafkajs";
export const kafkaClientKinds: readonly KafkaClientKind[] = ["fast", "kafkajs"];

export type Acks = -1 | 0 | 1;

export interface SenderOptions {
  brokers: string[];
  topics: Record<TopicRole, string>;
  /** -1 all in-sync replicas, 1 leader only (default), 0 none (kafkajs only). */
  acks?: Acks;
  clientId?: string;
  /** TLS and SASL, default PLAINTEXT. */
  security?: KafkaSecurity;
}

export interface LaneSender {
  /** Sends a packed batch to the partitions it names; resolves when the broker acknowledged it. */
  send(batch: PackedBatch): Promise<void>;
  close(): Promise<void>;
}
