/**
 * Every record-batch codec on both read paths: batches written by librdkafka (kcat -z, Debian's
 * kcat) with gzip, snappy, lz4 and zstd are checked to be compressed as asked (the batch
 * attributes as the broker returns them), then counted exactly, value by value, by the fast
 * consumer (LW_KAFKA_CLIENT=fast) and by kafkajs with the project's codecs (LW_KAFKA_CLIENT=kafkajs).
 */
import { spawnSync } from "node:child_process";
import { CompressionTypes } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { createPartitionConsumer, type KafkaClient } from "../adapters/kafka/choose-consumer";
import { createKafka } from "../adapters/kafka/client";
import { codecNames } from "../adapters/kafka/codecs";
import { canCompressZstd } from "../adapters/kafka/codecs/zstd";
import { decodeFetchResponse, encodeFetchRequest } from "../adapters/kafka/fast-consumer/fetch-request";
import { type PartitionConsumer, tpKey } from "../adapters/kafka/partition-consumer";
import { valueAt } from "../adapters/kafka/source-batch";
import { connectBroker } from "../adapters/kafka/wire/connection";
import { silentLogger } from "../adapters/log";
import { testEnv } from "./support/env";
import { waitFor } from "./support/wait";

const env = testEnv();
const kafka = createKafka({ brokers: env.brokers });
const running: PartitionConsumer[] = [];
afterAll(async () => {
  await Promise.all(running.map((c) => c.stop()));
});

const PARTITIONS = 3;
const N = 6000;

async function createTopic(label: string): Promise<string> {
  const topic = env.topics(label).orders;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();
  return topic;
}

/** The codec (attributes & 7) and record count of every batch in the topic, read raw over Fetch. */
async function batchesOf(topic: string): Promise<Array<{ codec: number; records: number }>> {
  const [host, port] = env.brokers[0]!.split(":") as [string, string];
  const c = await connectBroker({ host, port: Number(port) });
  const out: Array<{ codec: number; records: number }> = [];
  try {
    const id = c.nextCorrelationId();
    const req = encodeFetchRequest(
      Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition, fetchOffset: 0 })),
      {
        correlationId: id,
        clientId: "codec-check",
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 64 << 20,
        partitionMaxBytes: 16 << 20,
        isolationLevel: 0,
      },
    );
    const body = await c.request(req, id);
    for (const p of decodeFetchResponse(body).partitions) {
      for (let pos = p.recordsStart; pos + 61 <= p.recordsEnd; pos += 12 + body.readInt32BE(pos + 8))
        out.push({ codec: body.readInt16BE(pos + 21) & 7, records: body.readInt32BE(pos + 57) });
    }
  } finally {
    await c.close();
  }
  return out;
}

/** All values in the topic, as `client` hands them out from offset 0. */
async function consumeAll(client: KafkaClient, topic: string): Promise<string[]> {
  const values: string[] = [];
  const unreadable: string[] = [];
  let fatal: unknown = null;
  const consumer = createPartitionConsumer(client, {
    kafka,
    groupId: env.groupId(`codecs-${client}`),
    topics: [topic],
    logger: silentLogger,
    sessionTimeout: 6000,
  });
  running.push(consumer);
  await consumer.run({
    onAssign: async (assigned) => new Map(assigned.map((a) => [tpKey(a), 0])),
    onBatch: async (_tp, batch) => {
      for (let i = 0; i < batch.count; i++) values.push(valueAt(batch, i)?.toString() ?? "(null)");
    },
    onUnreadable: (_tp, u) => {
      unreadable.push(u.reason);
    },
    onFatal: (err) => {
      fatal = err;
    },
  });
  await waitFor(() => values.length >= N || unreadable.length > 0 || fatal !== null, {
    timeoutMs: 60_000,
    what: `${client} to read ${N} messages (has ${values.length})`,
  });
  // Anything beyond what was written would show up now.
  await new Promise((r) => setTimeout(r, 1000));
  await consumer.stop();
  expect({ unreadable, fatal }).toEqual({ unreadable: [], fatal: null });
  return values;
}

describe("compressed batches written by librdkafka (kcat -z)", () => {
  for (const codec of ["gzip", "snappy", "lz4", "zstd"] as const) {
    it(`${codec}: counted exactly by the fast consumer and by kafkajs`, async () => {
      const topic = await createTopic(`codec-${codec}`);
      const expected = Array.from(
        { length: N },
        (_, i) => `{"codec":"${codec}","i":${i},"pad":"${"launch ".repeat(i % 20)}"}`,
      );
      const input = expected.map((v, i) => `shop-${i % 101}|${v}`).join("\n");
      const kcat = spawnSync(
        "kcat",
        ["-P", "-b", env.brokers.join(","), "-t", topic, "-z", codec, "-K", "|", "-X", "linger.ms=20"],
        { input, encoding: "utf8", timeout: 60_000 },
      );
      expect(kcat.status, `kcat: ${kcat.stderr} (apt-get install kcat)`).toBe(0);

      const batches = await batchesOf(topic);
      expect(batches.reduce((n, b) => n + b.records, 0)).toBe(N);
      expect(new Set(batches.map((b) => codecNames[b.codec]))).toEqual(new Set([codec]));
      expect(Math.max(...batches.map((b) => b.records))).toBeGreaterThan(100);

      const sorted = [...expected].sort();
      for (const client of ["fast", "kafkajs"] as const) {
        const got = await consumeAll(client, topic);
        expect(got.length, client).toBe(N);
        expect(got.sort(), client).toEqual(sorted);
      }
    });
  }

  it("batches kafkajs writes with the project's codecs (snappy framed as the Java client does) are accepted by the broker and read back exactly", async () => {
    const types = [CompressionTypes.GZIP, CompressionTypes.Snappy, CompressionTypes.LZ4];
    // Compressing zstd needs Node's zstd (22.15+); reading it does not.
    if (canCompressZstd) types.push(CompressionTypes.ZSTD);
    for (const compression of types) {
      const topic = await createTopic(`kafkajs-${codecNames[compression]}`);
      const expected = Array.from(
        { length: N },
        (_, i) => `${codecNames[compression]}-${i}-${"x".repeat(i % 50)}`,
      );
      const producer = kafka.producer();
      await producer.connect();
      for (let i = 0; i < N; i += 1500)
        await producer.send({
          topic,
          compression,
          messages: expected.slice(i, i + 1500).map((value, j) => ({ key: `k${(i + j) % 7}`, value })),
        });
      await producer.disconnect();
      const batches = await batchesOf(topic);
      expect(new Set(batches.map((b) => b.codec))).toEqual(new Set([compression]));
      expect((await consumeAll("fast", topic)).sort()).toEqual([...expected].sort());
    }
  });
});
