/**
 * Dead-letter queue: messages the worker could not count, sent unchanged with the reason and
 * their origin in headers. Sent (and acknowledged) before the offsets that pass them are stored,
 * so a crash can repeat a dead letter but never lose one.
 */
import type { Producer } from "kafkajs";
import type { SourceMessage, TopicPartition } from "../../adapters/kafka/partition-consumer";

export interface DeadLetter {
  add(tp: TopicPartition, message: SourceMessage, reason: string): void;
  /** Sends what is pending; resolves once the broker acknowledged it. */
  flush(): Promise<number>;
  readonly pending: number;
}

export function createDeadLetter({
  producer,
  topic,
  workerId,
}: {
  producer: Producer;
  topic: string;
  workerId: string;
}): DeadLetter {
  let queue: Array<{ key: Buffer | null; value: Buffer | null; headers: Record<string, string> }> = [];
  return {
    add(tp, m, reason) {
      queue.push({
        key: m.key,
        value: m.value,
        headers: {
          "lw-reason": reason,
          "lw-source-topic": tp.topic,
          "lw-source-partition": String(tp.partition),
          "lw-source-offset": String(m.offset),
          "lw-worker": workerId,
        },
      });
    },
    async flush() {
      if (queue.length === 0) return 0;
      const batch = queue;
      queue = [];
      try {
        await producer.send({ topic, acks: -1, messages: batch });
      } catch (err) {
        queue = batch.concat(queue);
        throw err;
      }
      return batch.length;
    },
    get pending() {
      return queue.length;
    },
  };
}
