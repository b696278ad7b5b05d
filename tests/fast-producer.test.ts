/**
 * The lean producer (adapters/kafka/fast-producer) against the real broker: a kafkajs consumer
 * reads back exactly the keys, values and partitions it wrote, partitioned as a plain kafkajs
 * producer would (murmur2 DefaultPartitioner); partition errors surface, retriable ones are retried.
 */
import type { Admin, Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafka } from "../adapters/kafka/client";
import { createFastProducer } from "../adapters/kafka/fast-producer/producer";
import { toColumns } from "../adapters/kafka/fast-producer/record-columns";
import { createKeyPartitioner } from "../adapters/kafka/key-partitioner";
import { connectBroker } from "../adapters/kafka/wire/connection";
import { KafkaConnectionError, KafkaProduceError } from "../adapters/kafka/wire/errors";
import { kafkajsMetadata, type MetadataSource } from "../adapters/kafka/wire/metadata";
import { testEnv } from "./support/env";

const env = testEnv();
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  kafka = createKafka({ brokers: env.brokers });
  admin = kafka.admin();
  await admin.connect();
});
afterAll(async () => {
  await admin.disconnect();
});

type Rec = { topic: number; partition: number; key: string; value: string };

/** kafkajs's default partitioner, as a plain producer applies it. */
const defaultPartition = (topic: string, partitions: number, key: string): number =>
  createKeyPartitioner(partitions)(topic, key);

/** Reads `expected` messages from the topics' beginnings; `topic/partition -> [key, value][]`. */
async function readBack(topics: string[], expected: number): Promise<Map<string, Array<[string, string]>>> {
  const consumer = kafka.consumer({ groupId: env.groupId("fast"), maxBytes: 16 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const got = new Map<string, Array<[string, string]>>();
  let total = 0;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    void consumer.run({
      eachBatch: async ({ batch }) => {
        const k = `${batch.topic}/${batch.partition}`;
        const list = got.get(k) ?? [];
        got.set(k, list);
        for (const m of batch.messages) list.push([String(m.key), String(m.value)]);
        total += batch.messages.length;
        if (total >= expected) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  // Anything beyond what was sent would show up now.
  await new Promise((r) => setTimeout(r, 1500));
  await consumer.disconnect();
  return got;
}

async function createTopics(
  label: string,
  specs: Array<{ partitions: number; config?: Record<string, string> }>,
) {
  const prefix = env.topicPrefix(label);
  const names = specs.map((_, i) => `${prefix}t${i}`);
  await admin.createTopics({
    waitForLeaders: true,
    topics: specs.map((s, i) => ({
      topic: names[i]!,
      numPartitions: s.partitions,
      configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
    })),
  });
  return names;
}

describe("fast producer against the broker", () => {
  it("writes exactly the keys, values and partitions a plain producer would, in order", async () => {
    const topics = await createTopics("roundtrip", [{ partitions: 6 }, { partitions: 3 }]);
    const producer = await createFastProducer({ topics, metadata: kafkajsMetadata(admin) });
    const sends: Rec[][] = [];
    for (let s = 0; s < 4; s++) {
      const recs: Rec[] = [];
      for (let i = 0; i < 2500; i++) {
        const topic = i % 3 === 0 ? 1 : 0;
        const n = s * 2500 + i;
        const key = topic === 0 ? String((n * 7919) % 300_000) : `POST /endpoint/${n % 5}`;
        const value = JSON.stringify({ n, city: n % 7 === 0 ? "深圳" : "Chengdu", pad: "x".repeat(n % 200) });
        recs.push({
          topic,
          key,
          value,
          partition: defaultPartition(topics[topic]!, topic === 0 ? 6 : 3, key),
        });
      }
      sends.push(recs);
    }
    // Several requests in flight on one connection.
    await Promise.all(sends.map((recs) => producer.send(toColumns(recs))));
    await producer.close();

    const expected = new Map<string, Array<[string, string]>>();
    for (const r of sends.flat()) {
      const k = `${topics[r.topic]}/${r.partition}`;
      expected.set(k, [...(expected.get(k) ?? []), [r.key, r.value]]);
    }
    const got = await readBack(topics, 10_000);
    expect(new Set(got.keys())).toEqual(new Set(expected.keys()));
    for (const [k, list] of expected) expect(got.get(k), k).toEqual(list);
  });

  it("rejects with the partition's error when the broker refuses a batch (not retriable)", async () => {
    const [topic] = await createTopics("too-large", [
      { partitions: 2, config: { "max.message.bytes": "2000" } },
    ]);
    const producer = await createFastProducer({ topics: [topic!], metadata: kafkajsMetadata(admin) });
    const send = producer.send(
      toColumns([
        { topic: 0, partition: 0, key: "ok", value: "small" },
        { topic: 0, partition: 1, key: "big", value: "x".repeat(5000) },
      ]),
    );
    const err = await send.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaProduceError);
    expect(err).toMatchObject({ topic, partition: 1, code: 10, retriable: false });
    await producer.close();
  });

  it("retries a retriable partition error, then surfaces it", async () => {
    const [topic] = await createTopics("no-partition", [{ partitions: 1 }]);
    // Stale metadata claiming a partition the topic does not have: the broker answers
    // UNKNOWN_TOPIC_OR_PARTITION every time.
    const real = kafkajsMetadata(admin);
    let fetches = 0;
    const stale: MetadataSource = async (t) => {
      fetches++;
      const m = await real(t);
      const leader = m.leaders.get(topic!)![0]!;
      m.leaders.set(topic!, Int32Array.of(leader, leader, leader));
      return m;
    };
    const producer = await createFastProducer({
      topics: [topic!],
      metadata: stale,
      retries: 2,
      retryBackoffMs: 10,
    });
    const err = await producer
      .send(toColumns([{ topic: 0, partition: 2, key: "k", value: "v" }]))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaProduceError);
    expect(err).toMatchObject({ partition: 2, code: 3, retriable: true });
    expect((err as Error).message).toContain("after 3 attempts");
    expect(fetches).toBe(3); // the first fetch, then one refresh before each resend
    await producer.close();
  });

  it("resends after a failed connection and delivers each record once", async () => {
    const [topic] = await createTopics("reconnect", [{ partitions: 2 }]);
    let attempts = 0;
    const flaky: typeof connectBroker = (o) => {
      attempts++;
      if (attempts === 1) return Promise.reject(new KafkaConnectionError("refused (test)"));
      return connectBroker(o);
    };
    const producer = await createFastProducer({
      topics: [topic!],
      metadata: kafkajsMetadata(admin),
      connect: flaky,
      retryBackoffMs: 10,
    });
    const recs = Array.from({ length: 50 }, (_, i) => ({
      topic: 0,
      partition: i % 2,
      key: `k${i}`,
      value: `v${i}`,
    }));
    await producer.send(toColumns(recs));
    await producer.close();
    expect(attempts).toBe(2);
    const got = await readBack([topic!], 50);
    expect(got.get(`${topic}/0`)).toEqual(recs.filter((r) => r.partition === 0).map((r) => [r.key, r.value]));
    expect(got.get(`${topic}/1`)).toEqual(recs.filter((r) => r.partition === 1).map((r) => [r.key, r.value]));
  });
});
