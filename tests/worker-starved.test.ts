/**
 * A starved worker (a busy machine: it gets to some partitions late) must not close seconds
 * without the events of a partition it has not fetched yet. Seen in the browser test of a
 * held-back worker: API and downloads read 0/s while orders went on, because a partition caught
 * up at its last fetch and quiet for `idleMs` stopped holding the windows, though its log end had
 * moved on. Here the API partition's batches are kept from the worker for 4 s while orders for
 * the same seconds flow; every second must still show its API calls, and none may be late.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createPartitionConsumer } from "../adapters/kafka/choose-consumer";
import { createKafka } from "../adapters/kafka/client";
import type { PartitionConsumer, PartitionHandlers } from "../adapters/kafka/partition-consumer";
import type { SourceBatch } from "../adapters/kafka/source-batch";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import type { Frame, SecondPoint } from "../core/frames/frame";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { testEnv } from "./support/env";
import { type TestLine, testEndpoints } from "./support/launch-events";
import { apiLine, orderLine } from "./support/timed-lines";
import { loadTestReference, produceLines, storedProgress, waitFor } from "./support/worker-harness";

const env = testEnv();
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("starved");
const groupId = env.groupId("starved");
const start = 1_770_343_200_000;
const startSec = start / 1000;
const endpoint = testEndpoints[0]!.name;

const orders = (from: number, to: number): TestLine[] =>
  Array.from({ length: (to - from) * 5 }, (_, i) =>
    orderLine(`st-o-${from}-${i}`, start + from * 1000 + i * 200),
  );
const api = (from: number, to: number): TestLine[] =>
  Array.from({ length: (to - from) * 20 }, (_, i) =>
    apiLine(`st-a-${from}-${i}`, start + from * 1000 + i * 50, endpoint),
  );

/** The real consumer, but the API topic's batches wait while `starved` is set. */
let starved = false;
function starvingConsumer(): PartitionConsumer {
  const inner = createPartitionConsumer("fast", {
    kafka,
    groupId,
    topics: [topics.orders, topics.downloads, topics.api],
    logger: silentLogger,
  });
  const waiting: Array<[Parameters<PartitionHandlers["onBatch"]>[0], SourceBatch, boolean]> = [];
  return {
    ...inner,
    run: (handlers) =>
      inner.run({
        ...handlers,
        async onBatch(tp, batch, caughtUp) {
          if (tp.topic === topics.api && starved) {
            waiting.push([tp, batch, caughtUp]);
            return;
          }
          while (!starved && waiting.length) await handlers.onBatch(...waiting.shift()!);
          await handlers.onBatch(tp, batch, caughtUp);
        },
      }),
  };
}

const store = createAggregateStore({ databaseUrl: env.databaseUrl });
const frames: Frame[] = [];
const worker = createAggregatorWorker({
  kafka,
  store,
  topics,
  groupId,
  stream: `starved-${env.runId}`,
  workerId: "starved-1",
  logger: silentLogger,
  frameIntervalMs: 50,
  flushIntervalMs: 200,
  idleMs: 1500,
  snapshots: false,
  consumer: starvingConsumer(),
  onFrame: (f) => frames.push(f),
});
const all: TestLine[] = [];
const produce = async (lines: TestLine[]) => {
  all.push(...lines);
  await produceLines(kafka, topics, lines, 50);
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 1);
  await admin.disconnect();
  await worker.start();
  // Seconds 0-9 of both, read and caught up.
  await produce([...orders(0, 10), ...api(0, 10)]);
  await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === all.length, {
    what: "the first ten seconds",
  });
  await pause(2000);
  // The worker gets to the API partition late: its next batches wait 4 s, while the orders of
  // the same seconds are read at once.
  starved = true;
  await produce(api(10, 30));
  await pause(1500);
  await produce(orders(10, 30));
  await pause(4000);
  starved = false;
  await produce([...orders(30, 32), ...api(30, 32)]);
  await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === all.length, {
    what: "every message",
  });
  await pause(500);
}, 120_000);

afterAll(async () => {
  await worker.stop();
  await store.close();
});

describe("a worker that gets to a partition late", () => {
  it("keeps the seconds open for it: every second has its API calls, none late", () => {
    const points = new Map<number, SecondPoint>();
    for (const f of frames) for (const p of f.seconds) points.set(p.t, p);
    const wrong: Array<{ second: number; api: number; orders: number }> = [];
    for (let t = startSec; t < startSec + 26; t++) {
      const p = points.get(t);
      const a = p?.api[endpoint]?.requests ?? 0;
      const o = p?.orders.created ?? 0;
      if (a !== 20 || o !== 5) wrong.push({ second: t - startSec, api: a, orders: o });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(frames.at(-1)!.totals.lateDropped).toBe(0);
  });
});
