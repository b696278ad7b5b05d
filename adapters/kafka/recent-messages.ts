/**
 * Reads the last messages of a topic once (up to `perPartition` of each partition), through a
 * consumer group of its own that commits nothing: a look at what others have written lately, e.g.
 * which workers publish frames to a frames topic.
 */
import { randomBytes } from "node:crypto";
import type { Kafka } from "kafkajs";

export interface RecentMessage {
  partition: number;
  value: Buffer | null;
}

/**
 * @param groupPrefix the look's consumer group is this and a random suffix (default `lw-peek`):
 *   under a prefix the principal's group ACLs already grant
 * @param perPartition messages read at most from the end of each partition (default 100)
 * @param timeoutMs gives up waiting past this and returns what was read (default 15 s)
 */
export async function readRecentMessages(
  kafka: Kafka,
  topic: string,
  {
    groupPrefix = "lw-peek",
    perPartition = 100,
    timeoutMs = 15_000,
  }: { groupPrefix?: string; perPartition?: number; timeoutMs?: number } = {},
): Promise<RecentMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const bounds = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const from = new Map<number, number>();
  const ends = new Map<number, number>();
  for (const b of bounds) {
    const high = Number(b.high);
    if (high > Number(b.low)) {
      from.set(b.partition, Math.max(Number(b.low), high - perPartition));
      ends.set(b.partition, high);
    }
  }
  if (ends.size === 0) return [];
  const out: RecentMessage[] = [];
  const consumer = kafka.consumer({
    groupId: `${groupPrefix}-${randomBytes(6).toString("hex")}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const [partition, offset] of from) consumer.seek({ topic, partition, offset: String(offset) });
      });
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (Number(message.offset) < (from.get(partition) ?? 0)) return;
            out.push({ partition, value: message.value });
            if (Number(message.offset) + 1 >= (ends.get(partition) ?? 0)) ends.delete(partition);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((err) => {
          clearTimeout(timer);
          reject(err);
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}
