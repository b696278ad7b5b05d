/** Topics for a test: created once, before its producers and consumers start. */
import type { Kafka } from "kafkajs";
import { ensureTopics, type TopicNames } from "../../adapters/kafka/topics";

/** Creates the topics missing from `topics` with `partitions` partitions. */
export async function ensureTestTopics(kafka: Kafka, topics: TopicNames, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics, partitions);
  } finally {
    await admin.disconnect();
  }
}
