/**
 * A lane sender over the lean producer (adapters/kafka/fast-producer), the default: a packed
 * batch becomes record columns with two UTF-8 encodings (keys, values) and no per-message
 * objects. Leaders come from a kafkajs admin client.
 */
import { createKafka, kafkaSecurityOf } from "../adapters/kafka/client";
import { createFastProducer } from "../adapters/kafka/fast-producer/producer";
import type { RecordColumns } from "../adapters/kafka/fast-producer/record-columns";
import { kafkajsMetadata } from "../adapters/kafka/wire/metadata";
import { ConfigError } from "../core/errors";
import { topicRoles } from "../core/simulation/wire";
import type { LaneSender, SenderOptions } from "./lane-sender";
import type { PackedBatch } from "./pack";

/** Byte offsets of strings packed back to back in `text` with UTF-16 `lengths`, encoded as `bytes`. */
function byteOffsets(text: string, lengths: Int32Array, bytes: Buffer): Int32Array {
  const n = lengths.length;
  const out = new Int32Array(n + 1);
  if (bytes.length === text.length) {
    // All ASCII: one byte a UTF-16 unit.
    for (let i = 0; i < n; i++) out[i + 1] = out[i]! + lengths[i]!;
    return out;
  }
  let c = 0;
  for (let i = 0; i < n; i++) {
    const l = lengths[i]!;
    out[i + 1] = out[i]! + Buffer.byteLength(text.slice(c, c + l), "utf8");
    c += l;
  }
  return out;
}

/** A packed batch as record columns; topic indexes follow `topicRoles`. */
export function packedToColumns(batch: PackedBatch): RecordColumns {
  const keys = Buffer.from(batch.keys, "utf8");
  const values = Buffer.from(batch.values, "utf8");
  return {
    count: batch.roles.length,
    topic: batch.roles,
    partition: batch.partitions,
    keys,
    keyOffsets: byteOffsets(batch.keys, batch.keyLengths, keys),
    values,
    valueOffsets: byteOffsets(batch.values, batch.valueLengths, values),
  };
}

export async function connectFastSender({
  brokers,
  topics,
  acks = 1,
  clientId = "launchwatch-simulator",
  security,
}: SenderOptions): Promise<LaneSender> {
  if (acks === 0) throw new ConfigError("acks", "the fast producer waits for acknowledgements: use 1 or -1");
  const kafka = createKafka({ brokers, clientId, security });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const producer = await createFastProducer({
      topics: topicRoles.map((r) => topics[r]),
      metadata: kafkajsMetadata(admin),
      clientId,
      acks,
      security: kafkaSecurityOf(kafka),
    });
    return {
      send: (batch) => producer.send(packedToColumns(batch)),
      async close() {
        try {
          await producer.close();
        } finally {
          await admin.disconnect();
        }
      },
    };
  } catch (err) {
    await admin.disconnect().catch(() => {});
    throw err;
  }
}
