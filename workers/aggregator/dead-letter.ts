/**
 * Dead-letter queue: messages the worker could not count, sent unchanged with the reason and
 * their origin in headers. Sent (and acknowledged) before the offsets that pass them are stored,
 * so a crash can repeat a dead letter but never lose one.
 */
import type { Producer } from "kafkajs";
import type { SourceMessage, TopicPartition } from "../../adapters/kafka/partition-consumer";
import { sendChunked } from "../../adapters/kafka/send-chunked";

export type DeadLetterBatch = Array<{
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}>;

export interface DeadLetter {
  add(tp: TopicPartition, message: SourceMessage, reason: string): void;
  /** Removes and returns what is pending. */
  take(): DeadLetterBatch;
  /** Sends a batch; resolves once the broker acknowledged all of it. */
  send(batch: DeadLetterBatch): Promise<void>;
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
  let queue: DeadLetterBatch = [];
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
    take() {
      const batch = queue;
      queue = [];
      return batch;
    },
    async send(batch) {
      if (batch.length > 0) await sendChunked(producer, { topic, acks: -1, messages: batch });
    },
    get pending() {
      return queue.length;
    },
  };
}
