/**
 * Which Kafka client the workers consume with: the fast consumer (own fetch path, kafkajs for
 * the group membership) by default, or kafkajs end to end. Both behind {@link PartitionConsumer}.
 */
import { createFastPartitionConsumer, type FastConsumerOptions } from "./fast-consumer/consumer";
import { createKafkajsPartitionConsumer } from "./kafkajs-partition-consumer";
import type { PartitionConsumer } from "./partition-consumer";

export const kafkaClients = ["fast", "kafkajs"] as const;
export type KafkaClient = (typeof kafkaClients)[number];

export function createPartitionConsumer(
  client: KafkaClient,
  /** The fast consumer's options; kafkajs takes those it has (it has no inflate bound). */
  options: FastConsumerOptions,
): PartitionConsumer {
  return client === "fast" ? createFastPartitionConsumer(options) : createKafkajsPartitionConsumer(options);
}
