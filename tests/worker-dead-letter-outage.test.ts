/**
 * A dead-letter topic that does not take writes (here: it does not exist yet) is not retried in
 * silence: the worker raises `dead-letter-unwritable`, holds the offsets that would pass the
 * pending dead letters (nothing is lost), and once the topic takes writes the letters go out
 * and every offset is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import type { Alert } from "../core/alerts/alert";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { testEnv } from "./support/env";
import { makeTestStream } from "./support/launch-events";
import { loadTestReference, produceLines, storedProgress, waitFor } from "./support/worker-harness";

const env = testEnv();
const start = 1_770_343_200_000;
const lines = makeTestStream({ n: 3000, start, seed: 5 });
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("dlq-outage");
const groupId = env.groupId("dlq-outage");
const store = createAggregateStore({ databaseUrl: env.databaseUrl });
const alerts: Alert[] = [];
const worker = createAggregatorWorker({
  kafka,
  store,
  topics,
  groupId,
  stream: `dlq-outage-${env.runId}`,
  workerId: "dlq-outage",
  logger: silentLogger,
  frameIntervalMs: 200,
  flushIntervalMs: 200,
  snapshots: false,
  alertSink: async (a) => void alerts.push(...a),
});

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  const admin = kafka.admin();
  await admin.connect();
  // Every topic but the dead-letter one.
  await admin.createTopics({
    topics: [topics.orders, topics.api, topics.downloads, topics.frames, topics.watch, topics.alerts].map(
      (topic) => ({ topic, numPartitions: 3 }),
    ),
  });
  await admin.disconnect();
  await produceLines(kafka, topics, lines);
  await worker.start();
});

afterAll(async () => {
  await worker.stop();
  await store.close();
});

describe("a dead-letter topic that does not take writes", () => {
  it("raises dead-letter-unwritable and holds the offsets, then delivers everything once it does", async () => {
    await waitFor(async () => alerts.some((a) => a.rule === "dead-letter-unwritable"), {
      what: "the dead-letter-unwritable alert",
    });
    const alert = alerts.find((a) => a.rule === "dead-letter-unwritable")!;
    expect(alert.state).toBe("firing");
    expect(alert.labels).toMatchObject({ topic: topics.deadLetter, severity: "critical" });
    // Messages that need a dead letter are not passed: the stored positions stay short of the end.
    expect(await storedProgress(env.databaseUrl, groupId)).toBeLessThan(lines.length);

    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topics, 3);
    await admin.disconnect();
    await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === lines.length, {
      what: "every offset stored once the dead-letter topic exists",
    });
    const want = lines.filter((l) => l.kind === "malformed" || l.kind === "unknown-shop").length;
    const consumer = kafka.consumer({ groupId: env.groupId("dlq-outage-read") });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.deadLetter, fromBeginning: true });
    let got = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async () => {
          if (++got === want) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(got).toBe(want);
  });
});
