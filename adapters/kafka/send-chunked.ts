/**
 * Sends many messages to one topic in requests that stay under the broker's message size
 * limit (Kafka's `message.max.bytes`, 1 MB by default, applies to each partition's record
 * batch; kafkajs puts all of a send's messages for a partition in one batch). A burst of
 * thousands of alerts or dead letters then goes out in several sends instead of being refused
 * as a whole.
 */
import type { Message, Producer } from "kafkajs";

/** Bytes per send, well under the broker's 1 MB default. */
export const SEND_CHUNK_BYTES = 512 * 1024;

const size = (v: Buffer | string | null | undefined): number =>
  v == null ? 0 : typeof v === "string" ? Buffer.byteLength(v) : v.length;

/** Approximate bytes a message takes in a record batch (key, value, headers, overhead). */
export function messageBytes(m: Message): number {
  let n = 32 + size(m.key) + size(m.value);
  if (m.headers)
    for (const [k, v] of Object.entries(m.headers)) n += 8 + k.length + size(v as string | Buffer);
  return n;
}

/** Sends `messages` in order, in chunks of at most `maxBytes` (a single larger message alone). */
export async function sendChunked(
  producer: Producer,
  { topic, acks, messages }: { topic: string; acks?: number; messages: Message[] },
  maxBytes = SEND_CHUNK_BYTES,
): Promise<void> {
  let chunk: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const n = messageBytes(m);
    if (chunk.length > 0 && bytes + n > maxBytes) {
      await producer.send({ topic, acks, messages: chunk });
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += n;
  }
  if (chunk.length > 0) await producer.send({ topic, acks, messages: chunk });
}
