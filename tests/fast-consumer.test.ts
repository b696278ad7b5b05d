/**
 * The fast consumer (adapters/kafka/fast-consumer) against the real broker: it hands out exactly
 * what was produced (plain and gzip batches, null keys and values), from the positions the
 * caller chose; group members share the partitions and the survivor takes them all over; a
 * position past the log end stops it with the reason.
 */
import { CompressionTypes, type Kafka, type Message } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafka } from "../adapters/kafka/client";
import { createFastPartitionConsumer } from "../adapters/kafka/fast-consumer/consumer";
import { type AssignedPartition, type PartitionConsumer, tpKey } from "../adapters/kafka/partition-consumer";
import { keyAt, valueAt } from "../adapters/kafka/source-batch";
import { silentLogger } from "../adapters/log";
import { testEnv } from "./support/env";
import { waitFor } from "./support/wait";

const env = testEnv();
let kafka: Kafka;
const running: PartitionConsumer[] = [];

beforeAll(() => {
  kafka = createKafka({ brokers: env.brokers });
});
afterAll(async () => {
  await Promise.all(running.map((c) => c.stop()));
});

async function createTopic(label: string, partitions: number): Promise<string> {
  const topic = env.topics(label).orders;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
  return topic;
}

type Got = { offset: number; key: string | null; value: string | null };

/** Starts a fast consumer that records what it is handed, per partition. */
function member(topic: string, groupId: string, positions: (tp: AssignedPartition) => number) {
  const got = new Map<number, Got[]>();
  const assignments: number[][] = [];
  let fatal: unknown = null;
  const consumer = createFastPartitionConsumer({
    kafka,
    groupId,
    topics: [topic],
    logger: silentLogger,
    sessionTimeout: 6000,
    maxBytesPerPartition: 4096, // many small fetches: batches cut at the response's end
  });
  running.push(consumer);
  const started = consumer.run({
    onUnreadable: (_tp, u) => {
      throw new Error(`unreadable batch: ${u.reason}`);
    },
    onAssign: async (assigned) => {
      assignments.push(assigned.map((a) => a.partition).sort());
      return new Map(assigned.map((a) => [tpKey(a), positions(a)]));
    },
    onBatch: async (tp, batch) => {
      const list = got.get(tp.partition) ?? [];
      got.set(tp.partition, list);
      for (let i = 0; i < batch.count; i++) {
        list.push({
          offset: batch.offsets[i]!,
          key: keyAt(batch, i)?.toString() ?? null,
          value: valueAt(batch, i)?.toString() ?? null,
        });
      }
    },
    onFatal: (err) => {
      fatal = err;
    },
  });
  const total = () => [...got.values()].reduce((n, l) => n + l.length, 0);
  return {
    consumer,
    got,
    assignments,
    started,
    total,
    get fatal() {
      return fatal;
    },
  };
}

/** Sends `n` messages per partition; message i of partition p is `p-i`, some with null key or value. */
async function produce(topic: string, partitions: number, from: number, n: number, gzip: boolean) {
  const producer = kafka.producer();
  await producer.connect();
  for (let p = 0; p < partitions; p++) {
    const messages: Message[] = [];
    for (let i = from; i < from + n; i++) {
      messages.push({
        partition: p,
        key: i % 7 === 3 ? null : `k${p}-${i}`,
        value: i % 11 === 5 ? null : `{"p":${p},"i":${i},"pad":"${"x".repeat(i % 50)}"}`,
      });
    }
    await producer.send({
      topic,
      messages,
      compression: gzip ? CompressionTypes.GZIP : CompressionTypes.None,
    });
  }
  await producer.disconnect();
}

const expected = (p: number, from: number, to: number): Got[] =>
  Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return {
      offset: i,
      key: i % 7 === 3 ? null : `k${p}-${i}`,
      value: i % 11 === 5 ? null : `{"p":${p},"i":${i},"pad":"${"x".repeat(i % 50)}"}`,
    };
  });

describe("fast consumer", () => {
  it("hands out exactly what was produced, plain and gzip, from the positions the caller chose", async () => {
    const topic = await createTopic("fast-exact", 3);
    await produce(topic, 3, 0, 400, false);
    await produce(topic, 3, 400, 300, true);
    const m = member(topic, env.groupId("fast-exact"), (tp) => (tp.partition === 1 ? 250 : 0));
    await m.started;
    await waitFor(async () => m.total() >= 700 + 450 + 700, { what: "all messages", timeoutMs: 30_000 });
    // More sent after the consumer caught up arrives too.
    await produce(topic, 3, 700, 50, false);
    await waitFor(async () => m.total() >= 750 + 500 + 750, {
      what: "the later messages",
      timeoutMs: 30_000,
    });
    await new Promise((r) => setTimeout(r, 500)); // anything extra would show now
    expect(m.got.get(0)).toEqual(expected(0, 0, 750));
    expect(m.got.get(1)).toEqual(expected(1, 250, 750));
    expect(m.got.get(2)).toEqual(expected(2, 0, 750));
  }, 90_000);

  it("shares partitions between members; the survivor takes them all over", async () => {
    const topic = await createTopic("fast-group", 4);
    const groupId = env.groupId("fast-group");
    await produce(topic, 4, 0, 100, false);
    const a = member(topic, groupId, (tp) => tp.low);
    await a.started;
    await waitFor(async () => a.total() >= 400, { what: "the first member reading", timeoutMs: 30_000 });
    const b = member(topic, groupId, (tp) => tp.low);
    await b.started;
    await waitFor(
      async () => {
        const la = a.assignments.at(-1) ?? [];
        const lb = b.assignments.at(-1) ?? [];
        return la.length > 0 && lb.length > 0 && [...la, ...lb].sort().join() === "0,1,2,3";
      },
      { what: "the partitions shared by both members", timeoutMs: 60_000 },
    );
    await b.consumer.stop();
    await waitFor(async () => (a.assignments.at(-1) ?? []).join() === "0,1,2,3", {
      what: "the survivor to own every partition",
      timeoutMs: 60_000,
    });
    // The survivor starts its new partitions at the log start (positions chosen above) and
    // reads on to what is sent after the takeover.
    await produce(topic, 4, 100, 10, false);
    await waitFor(async () => [0, 1, 2, 3].every((p) => a.got.get(p)?.at(-1)?.offset === 109), {
      what: "the survivor reading every partition to its end",
      timeoutMs: 30_000,
    });
  }, 150_000);

  it("stops with a clear error when the chosen position is past the log end", async () => {
    const topic = await createTopic("fast-range", 1);
    await produce(topic, 1, 0, 20, false);
    // Stored positions ahead of the log (a topic recreated under a kept database): counting the
    // new log under offsets already stored would be wrong, so the consumer stops and says why.
    const m = member(topic, env.groupId("fast-range"), () => 1_000_000);
    await m.started;
    const err = await waitFor(() => m.fatal, { what: "the consumer to stop", timeoutMs: 30_000 });
    expect(String(err)).toMatch(/position 1000000 is past the log end 20/);
    expect(m.total()).toBe(0);
  }, 60_000);
});
