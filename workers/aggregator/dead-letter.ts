/**
 * Dead-letter queue: messages the worker could not count, with the reason and their origin in
 * headers. Sent (and acknowledged) before the offsets that pass them are stored, so a crash can
 * repeat a dead letter but never lose one.
 *
 * A dead letter always fits the topic: a key or value over `maxValueBytes` is cut to that size,
 * with `lw-truncated`, the original size and its SHA-256 in headers (the whole message stays in
 * its source topic at the offset given). A batch the consumer could not read becomes one marker
 * (no value; its offset range, record count and reason in headers).
 */
import { createHash } from "node:crypto";
import type { Producer } from "kafkajs";
import type { TopicPartition } from "../../adapters/kafka/partition-consumer";
import { sendChunked } from "../../adapters/kafka/send-chunked";
import type { UnreadableBatch } from "../../adapters/kafka/source-batch";

export type DeadLetterBatch = Array<{
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}>;

/** A message to dead-letter; key and value may be views into a fetch response (they are copied). */
export interface LetterSource {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
}

/** Default bound of a dead letter's key and value (64 KiB), far under the broker's 1 MiB. */
export const defaultMaxDeadLetterBytes = 64 * 1024;

export interface DeadLetter {
  add(tp: TopicPartition, message: LetterSource, reason: string): void;
  /** One marker for a batch that could not be read. */
  addUnreadable(tp: TopicPartition, batch: UnreadableBatch): void;
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
  maxValueBytes = defaultMaxDeadLetterBytes,
}: {
  producer: Producer;
  topic: string;
  workerId: string;
  /** Keys and values longer than this are cut (default 64 KiB). */
  maxValueBytes?: number;
}): DeadLetter {
  let queue: DeadLetterBatch = [];
  const origin = (tp: TopicPartition, offset: number, reason: string): Record<string, string> => ({
    "lw-reason": reason.slice(0, 1000),
    "lw-source-topic": tp.topic,
    "lw-source-partition": String(tp.partition),
    "lw-source-offset": String(offset),
    "lw-worker": workerId,
  });
  /** A copy of at most `maxValueBytes`; notes in `headers` what was cut. */
  const bounded = (
    b: Buffer | null,
    what: "key" | "value",
    headers: Record<string, string>,
  ): Buffer | null => {
    if (b === null) return null;
    if (b.length <= maxValueBytes) return Buffer.from(b);
    headers["lw-truncated"] = headers["lw-truncated"] ? "key,value" : what;
    headers[`lw-original-${what}-size`] = String(b.length);
    headers[`lw-original-${what}-sha256`] = createHash("sha256").update(b).digest("hex");
    return Buffer.from(b.subarray(0, maxValueBytes));
  };
  return {
    add(tp, m, reason) {
      const headers = origin(tp, m.offset, reason);
      const key = bounded(m.key, "key", headers);
      const value = bounded(m.value, "value", headers);
      queue.push({ key, value, headers });
    },
    addUnreadable(tp, u) {
      const headers = origin(tp, u.firstOffset, `unreadable batch: ${u.reason}`);
      headers["lw-source-last-offset"] = String(u.lastOffset);
      headers["lw-records"] = String(u.records);
      headers["lw-marker"] = "unreadable-batch";
      queue.push({ key: null, value: null, headers });
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
