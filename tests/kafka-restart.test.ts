/**
 * A Kafka broker restart mid-stream (stopped for 30 s, then started on the same data) is
 * ridden out by the worker: it keeps its process and group membership attempts going, resumes
 * from its positions, and the totals equal an independent recount. A broker of the test's own,
 * so the shared one other tests use is not disturbed.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { startLocalKafka, stopLocalKafka } from "../scripts/stack/kafka-local";
import { stackPaths } from "../scripts/stack/paths";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { testEnv } from "./support/env";
import { makeTestStream } from "./support/launch-events";
import { freePortRun } from "./support/ports";
import {
  loadTestReference,
  produceLines,
  recount,
  storedCounts,
  storedProgress,
  waitFor,
} from "./support/worker-harness";

const env = testEnv();
const start = 1_770_343_200_000;
const lines = makeTestStream({ n: 20_000, start, seed: 13 });
const groupId = env.groupId("kafkarestart");
const stream = `kafkarestart-${env.runId}`;
const topics = env.topics("kafkarestart");
const home = fs.mkdtempSync(path.join(os.tmpdir(), "lw-kafka-"));
const shared = stackPaths(process.env.LAUNCHWATCH_HOME || undefined);
const paths = { ...stackPaths(home), runtimeDir: shared.runtimeDir };
let port = 0;

const fatal: unknown[] = [];
const logged: string[] = [];
const logger = {
  ...silentLogger,
  warn: (m: string, f?: Record<string, unknown>) => void logged.push(`warn ${m} ${JSON.stringify(f ?? {})}`),
  error: (m: string, f?: Record<string, unknown>) =>
    void logged.push(`error ${m} ${JSON.stringify(f ?? {})}`),
};
logger.child = () => logger;
const lastLog = () => logged.slice(-8).join("\n");
let stopWorker = async () => {};

beforeAll(async () => {
  port = await freePortRun(3);
  await startLocalKafka({ paths, port, heap: "512m" });
}, 180_000);

afterAll(async () => {
  await stopWorker();
  await stopLocalKafka({ paths, port, graceMs: 5000 });
  fs.rmSync(home, { recursive: true, force: true });
});

describe("a Kafka broker restart mid-stream", () => {
  it("is ridden out by the worker, and the totals stay exact", async () => {
    const kafka = createKafka({ brokers: [`127.0.0.1:${port}`] });
    await loadTestReference(env.databaseUrl);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topics, 3);
    await admin.disconnect();
    const store = createAggregateStore({ databaseUrl: env.databaseUrl });
    const worker = createAggregatorWorker({
      kafka,
      store,
      topics,
      groupId,
      stream,
      workerId: "kafkarestart",
      logger,
      flushIntervalMs: 200,
      sessionTimeoutMs: 10_000,
      snapshots: false,
      onFatal: (err) => fatal.push(err),
    });
    stopWorker = async () => {
      await worker.stop().catch(() => {});
      await store.close().catch(() => {});
      stopWorker = async () => {};
    };
    await worker.start();
    const half = Math.floor(lines.length / 2);
    await produceLines(kafka, topics, lines.slice(0, half));
    await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === half, {
      what: "the first half stored",
    });

    await stopLocalKafka({ paths, port, graceMs: 10_000 });
    await new Promise((r) => setTimeout(r, 30_000));
    await startLocalKafka({ paths, port, heap: "512m" });

    await produceLines(kafka, topics, lines.slice(half));
    await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === lines.length, {
      what: `every message stored after the broker came back; log:\n${lastLog()}`,
      timeoutMs: 180_000,
    });
    expect(fatal).toEqual([]);
    const expected = await recount(env.databaseUrl, lines, start);
    expect(Object.fromEntries(await storedCounts(env.databaseUrl, stream))).toEqual(
      Object.fromEntries(expected),
    );
  }, 360_000);
});
