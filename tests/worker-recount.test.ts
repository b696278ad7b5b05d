/**
 * The worker's windows equal an independent SQL recount of the same events, for a stream with
 * out-of-order, late, duplicate and malformed events; bad input lands on the dead-letter topic
 * with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import type { Frame } from "../core/frames/frame";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { testEnv } from "./support/env";
import { makeTestStream } from "./support/launch-events";
import {
  droppedCounts,
  loadTestReference,
  produceLines,
  recount,
  storedCounts,
  storedProgress,
  waitFor,
} from "./support/worker-harness";

const env = testEnv();
const start = 1_770_343_200_000;
const lines = makeTestStream({ n: 20_000, start });
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("recount");
const groupId = env.groupId("recount");
const stream = `recount-${env.runId}`;
const store = createAggregateStore({ databaseUrl: env.databaseUrl });
const frames: Frame[] = [];
const worker = createAggregatorWorker({
  kafka,
  store,
  topics,
  groupId,
  stream,
  workerId: "recount-1",
  logger: silentLogger,
  frameIntervalMs: 200,
  flushIntervalMs: 200,
  idleMs: 60_000,
  onFrame: (f) => frames.push(f),
});

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  await admin.disconnect();
  await produceLines(kafka, topics, lines);
  await worker.start();
  await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === lines.length, {
    what: "the worker to store offsets for every message",
  });
});

afterAll(async () => {
  await worker.stop();
  await store.close();
});

describe("aggregation worker against the real broker and Postgres", () => {
  it("stores exactly the counts an independent SQL recount gives", async () => {
    const expected = await recount(env.databaseUrl, lines, start);
    const stored = await storedCounts(env.databaseUrl, stream);
    expect(expected.size).toBeGreaterThan(1000);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected));
  });

  it("counts what it dropped, by reason", async () => {
    const count = (kind: string) => lines.filter((l) => l.kind === kind).length;
    expect(count("late")).toBeGreaterThan(0);
    expect(await droppedCounts(env.databaseUrl, stream)).toEqual({
      duplicate: count("duplicate"),
      late: count("late"),
      invalid: count("malformed"),
      rejected: count("unknown-shop"),
    });
  });

  it("puts malformed and unknown-shop messages on the dead-letter topic with the reason", async () => {
    const want = lines.filter((l) => l.kind === "malformed" || l.kind === "unknown-shop").length;
    const consumer = kafka.consumer({ groupId: env.groupId("dlq") });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.deadLetter, fromBeginning: true });
    const reasons: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          reasons.push(String(message.headers?.["lw-reason"]));
          if (reasons.length === want) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(reasons.filter((r) => r.startsWith("malformed JSON")).length).toBe(
      lines.filter((l) => l.kind === "malformed").length,
    );
    expect(reasons.filter((r) => r === "unknown shop 999999").length).toBe(
      lines.filter((l) => l.kind === "unknown-shop").length,
    );
  });

  it("publishes frames whose totals match what was counted", async () => {
    await waitFor(async () => (frames.at(-1)?.totals.ordersCreated ?? 0) > 0, { what: "a frame" });
    const last = frames.at(-1)!;
    const created = lines.filter(
      (l) => l.kind === "ok" && l.topic === "orders" && JSON.parse(l.value).status === "created",
    ).length;
    expect(last.totals.ordersCreated).toBe(created);
    expect(last.totals.lateDropped).toBe(lines.filter((l) => l.kind === "late").length);
    // Shops over capacity per chain and per city add up to the total (issue 15).
    const sum = (r: Record<string, number> | undefined) =>
      Object.values(r ?? { none: Number.NaN }).reduce((a, b) => a + b, 0);
    expect(sum(last.shopsOverByChain)).toBe(last.shopsOverCapacity);
    expect(sum(last.shopsOverByCity)).toBe(last.shopsOverCapacity);
  });
});

describe("the same worker on kafkajs end to end (LW_KAFKA_CLIENT=kafkajs)", () => {
  it("stores exactly the counts an independent SQL recount gives", async () => {
    const kafkajsGroup = env.groupId("recount-kafkajs");
    const kafkajsStream = `recount-kafkajs-${env.runId}`;
    const other = createAggregatorWorker({
      kafka,
      store,
      topics,
      groupId: kafkajsGroup,
      stream: kafkajsStream,
      workerId: "recount-kafkajs",
      logger: silentLogger,
      kafkaClient: "kafkajs",
      frameIntervalMs: 200,
      flushIntervalMs: 200,
      idleMs: 60_000,
      publishFrames: false,
    });
    await other.start();
    try {
      await waitFor(async () => (await storedProgress(env.databaseUrl, kafkajsGroup)) === lines.length, {
        what: "the kafkajs worker to store offsets for every message",
      });
    } finally {
      await other.stop();
    }
    const expected = await recount(env.databaseUrl, lines, start);
    expect(Object.fromEntries(await storedCounts(env.databaseUrl, kafkajsStream))).toEqual(
      Object.fromEntries(expected),
    );
  }, 90_000);
});
