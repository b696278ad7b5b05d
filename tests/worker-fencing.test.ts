/**
 * Fencing: when another member has stored a partition past this worker (a rebalance raced its
 * last flush), the worker's flush for that partition is refused, nothing of it is written, and
 * the worker reloads every partition from the store and carries on from there. Driven through a
 * scripted partition consumer so the race happens exactly, with the real Postgres store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createKafka } from "../adapters/kafka/client";
import type {
  AssignedPartition,
  PartitionConsumer,
  PartitionHandlers,
} from "../adapters/kafka/partition-consumer";
import { packMessages } from "../adapters/kafka/source-batch";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { testEnv } from "./support/env";
import { testShops } from "./support/launch-events";
import { loadTestReference, storedCounts, waitFor, withPg } from "./support/worker-harness";

const env = testEnv();
const topics = env.topics("fence");
const groupId = env.groupId("fence");
const stream = `fence-${env.runId}`;
const start = 1_770_343_200_000;

const order = (i: number) =>
  Buffer.from(
    JSON.stringify({
      v: 1,
      type: "order",
      id: `f-${i}`,
      orderId: `f-${i}`,
      userId: "u",
      shopId: 1,
      chain: testShops[1]!.chain,
      city: testShops[1]!.city,
      amount: 25,
      status: "created",
      ts: start + i * 1000,
    }),
  );

/** A consumer whose assignments and batches the test hands out by hand. */
function scriptedConsumer() {
  let handlers: PartitionHandlers | null = null;
  const assignments: Array<Map<string, number>> = [];
  let resyncs = 0;
  const consumer: PartitionConsumer = {
    async run(h) {
      handlers = h;
    },
    resync() {
      resyncs++;
    },
    async commit() {},
    async stop() {},
  };
  return {
    consumer,
    get resyncs() {
      return resyncs;
    },
    async assign(parts: AssignedPartition[]) {
      const positions = await handlers!.onAssign(parts);
      assignments.push(positions);
      return positions;
    },
    batch: (offsets: number[]) =>
      handlers!.onBatch(
        { topic: topics.orders, partition: 0 },
        packMessages(offsets.map((offset) => ({ offset, key: Buffer.from("1"), value: order(offset) }))),
        true,
      ),
  };
}

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  const admin = createKafka({ brokers: env.brokers }).admin();
  await admin.connect();
  await ensureTopics(admin, topics, 1);
  await admin.disconnect();
});

describe("fencing after a raced rebalance", () => {
  const store = createAggregateStore({ databaseUrl: env.databaseUrl });
  afterAll(() => store.close());

  it("refuses the stale flush, writes none of it, and resumes from what the other member stored", async () => {
    let now = 1_000_000;
    const script = scriptedConsumer();
    const worker = createAggregatorWorker({
      kafka: createKafka({ brokers: env.brokers }),
      store,
      topics,
      groupId,
      stream,
      workerId: "fence",
      logger: silentLogger,
      clock: () => now,
      flushIntervalMs: 1000,
      snapshots: false,
      consumer: script.consumer,
    });
    await worker.start();
    const part: AssignedPartition = { topic: topics.orders, partition: 0, low: 0, high: 100 };
    expect((await script.assign([part])).get(`${topics.orders}/0`)).toBe(0);

    // Offsets 0..10 counted and flushed (the flush comes due with offset 10's batch).
    await script.batch([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    now += 1000;
    await script.batch([10]);
    await waitFor(async () => worker.stats().flushes >= 1, { what: "the first flush" });
    const created = async () => (await storedCounts(env.databaseUrl, stream)).size;
    const countOf = async () =>
      [...(await storedCounts(env.databaseUrl, stream)).entries()]
        .filter(([k]) => k.startsWith("orders.status|"))
        .reduce((n, [, v]) => n + v, 0);
    await waitFor(async () => (await countOf()) === 11, { what: "offsets 0..10 stored" });

    // Another member takes the partition over and stores it up to offset 50.
    await withPg(env.databaseUrl, (c) =>
      c.query(
        "update consumer_offsets set next_offset = 50 where group_id = $1 and topic = $2 and partition = 0",
        [groupId, topics.orders],
      ),
    );
    await script.batch([11, 12, 13]);
    now += 1000;
    await script.batch([14]);
    await waitFor(async () => script.resyncs === 1, { what: "the worker to ask for a resync" });
    expect(await countOf()).toBe(11); // offsets 11..14 were not written: the other member owns them
    expect(await created()).toBeGreaterThan(0);

    // The resync: the worker reloads the stored position and carries on from there.
    const positions = await script.assign([part]);
    expect(positions.get(`${topics.orders}/0`)).toBeLessThanOrEqual(50);
    await script.batch([50, 51]);
    now += 1000;
    await script.batch([52]);
    await waitFor(async () => (await countOf()) === 14, { what: "offsets 50..52 stored after the resync" });
    const { rows } = await withPg(env.databaseUrl, (c) =>
      c.query("select next_offset from consumer_offsets where group_id = $1 and topic = $2", [
        groupId,
        topics.orders,
      ]),
    );
    expect(Number(rows[0].next_offset)).toBe(53);
    await worker.stop();
  });
});
