/**
 * A worker behind the producers reads its partitions at different event-time speeds: a sparse
 * partition (few bytes per event-time second) races far ahead of a dense one. Seen in the demo's
 * launch spike: orders 0/s, API 0/s and every gauge at 0 % while the worker caught up, because
 * the racing partition overwrote the windows' per-second slots of the seconds still being
 * closed. Here a sparse orders partition and a dense API partition are read one small record
 * batch per fetch, so the orders partition ends up thousands of event-time seconds ahead; every
 * frame must still show exactly the counts of its seconds.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import type { KafkaClient } from "../adapters/kafka/choose-consumer";
import { createKafka } from "../adapters/kafka/client";
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
const topics = env.topics("skew");
const start = 1_770_343_200_000;
const startSec = start / 1000;
/** Orders: one every 2 s for 3,000 s, all for shop 0 (one partition). */
const orderCount = 1500;
/** API calls: 50 a second for 400 s, one endpoint (one partition). */
const apiSeconds = 400;
const apiPerSec = 50;
const endpoint = testEndpoints[0]!.name;

const orders: TestLine[] = Array.from({ length: orderCount }, (_, i) =>
  orderLine(`skew-o-${i}`, start + i * 2000),
);
const api: TestLine[] = Array.from({ length: apiSeconds * apiPerSec }, (_, i) =>
  apiLine(`skew-a-${i}`, start + Math.floor((i * 1000) / apiPerSec), endpoint),
);

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  await admin.disconnect();
  // Small produce batches: with one record batch per fetch, each round moves a partition by one.
  await produceLines(kafka, topics, orders, 25);
  await produceLines(kafka, topics, api, 25);
});

async function run(client: KafkaClient) {
  const groupId = env.groupId(`skew-${client}`);
  const store = createAggregateStore({ databaseUrl: env.databaseUrl });
  const frames: Frame[] = [];
  const worker = createAggregatorWorker({
    kafka,
    store,
    topics,
    groupId,
    stream: `skew-${client}-${env.runId}`,
    workerId: `skew-${client}`,
    logger: silentLogger,
    kafkaClient: client,
    frameIntervalMs: 50,
    flushIntervalMs: 200,
    idleMs: 1000,
    snapshots: false,
    publishFrames: false,
    maxBytesPerPartition: 1,
    onFrame: (f) => frames.push(f),
  });
  await worker.start();
  try {
    await waitFor(
      async () => (await storedProgress(env.databaseUrl, groupId)) === orders.length + api.length,
      {
        what: "the worker to store offsets for every message",
        timeoutMs: 90_000,
      },
    );
  } finally {
    await worker.stop();
    await store.close();
  }
  return frames;
}

/** Frames whose windows lie inside the span where both partitions have data. */
const inside = (f: Frame) =>
  f.watermark !== null &&
  f.watermark / 1000 >= startSec + 15 &&
  f.watermark / 1000 <= startSec + apiSeconds - 5;

function check(frames: Frame[]) {
  // Every closed second reaches some frame's points, however fast the worker ran.
  const points = new Map<number, SecondPoint>();
  for (const f of frames) for (const p of f.seconds) points.set(p.t, p);
  const bad: Array<{ second: number; orders: number; api: number }> = [];
  for (let t = startSec; t < startSec + apiSeconds; t++) {
    const p = points.get(t);
    const o = p?.orders.created ?? -1;
    const a = p?.api[endpoint]?.requests ?? 0;
    if (o !== ((t - startSec) % 2 === 0 ? 1 : 0) || a !== apiPerSec)
      bad.push({ second: t - startSec, orders: o, api: a });
  }
  expect(bad.slice(0, 5)).toEqual([]);
  // And the rolling windows of every frame published meanwhile.
  const during = frames.filter(inside);
  expect(during.length).toBeGreaterThan(0);
  const wrong = during
    .filter(
      (f) =>
        f.orders["10s"] !== 5 || f.endpoints.find((e) => e.endpoint === endpoint)?.requests["10s"] !== 500,
    )
    .map((f) => ({
      second: f.watermark! / 1000 - startSec,
      orders10s: f.orders["10s"],
      api10s: f.endpoints.find((e) => e.endpoint === endpoint)?.requests["10s"] ?? 0,
    }));
  expect(wrong.slice(0, 5)).toEqual([]);
}

describe("a worker catching up on partitions read at different event-time speeds", () => {
  it("shows every second's exact counts while one partition is far ahead (fast consumer)", async () => {
    check(await run("fast"));
  });

  it("does the same on kafkajs end to end", async () => {
    check(await run("kafkajs"));
  });
});
