/**
 * Scale-out and crash safety: 3 workers in one consumer group store the same aggregates as 1,
 * and a worker process killed with SIGKILL mid-stream and started again loses nothing and
 * counts nothing twice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics, type TopicNames } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
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
const kafka = createKafka({ brokers: env.brokers });

async function freshTopics(label: string): Promise<TopicNames & { prefix: string }> {
  const topics = env.topics(label);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 6);
  await admin.disconnect();
  return topics;
}

beforeAll(() => loadTestReference(env.databaseUrl));

describe("scaling out", () => {
  const store = createAggregateStore({ databaseUrl: env.databaseUrl });
  afterAll(() => store.close());

  it("3 workers in one group store the same aggregates as 1", async () => {
    const lines = makeTestStream({ n: 30_000, start, seed: 7 });
    const topics = await freshTopics("scale");
    const make = (groupId: string, stream: string, workerId: string) =>
      createAggregatorWorker({
        kafka,
        store,
        topics,
        groupId,
        stream,
        workerId,
        logger: silentLogger,
        frameIntervalMs: 250,
        flushIntervalMs: 250,
        idleMs: 60_000,
        sessionTimeoutMs: 6000,
        snapshots: false,
      });
    const g1 = env.groupId("one");
    const g3 = env.groupId("three");
    const one = make(g1, `one-${env.runId}`, "one");
    const three = [0, 1, 2].map((i) => make(g3, `three-${env.runId}`, `three-${i}`));
    await Promise.all([one.start(), ...three.map((w) => w.start())]);
    try {
      // The events go in once the group has spread the partitions (three input topics of six)
      // over all three: produced earlier, the first worker to join can read them all before the
      // others are assigned.
      await waitFor(
        async () =>
          three.every((w) => w.stats().assigned > 0) &&
          three.reduce((n, w) => n + w.stats().assigned, 0) === 3 * 6,
        { what: "the group to spread the partitions over three workers" },
      );
      await produceLines(kafka, topics, lines);
      for (const g of [g1, g3]) {
        await waitFor(async () => (await storedProgress(env.databaseUrl, g)) === lines.length, {
          what: `group ${g} to finish`,
        });
      }
    } finally {
      await Promise.all([one.stop(), ...three.map((w) => w.stop())]);
    }
    // All three took part (the group spread the partitions).
    expect(three.map((w) => w.stats().consumed).filter((n) => n > 0)).toHaveLength(3);
    const expected = Object.fromEntries(await recount(env.databaseUrl, lines, start));
    expect(Object.fromEntries(await storedCounts(env.databaseUrl, `one-${env.runId}`))).toEqual(expected);
    expect(Object.fromEntries(await storedCounts(env.databaseUrl, `three-${env.runId}`))).toEqual(expected);
    expect(await droppedCounts(env.databaseUrl, `three-${env.runId}`)).toEqual(
      await droppedCounts(env.databaseUrl, `one-${env.runId}`),
    );
  });
});

describe("crash safety", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  });

  function startWorkerProcess(
    topics: TopicNames & { prefix: string },
    groupId: string,
    stream: string,
  ): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", "workers/aggregator/main.ts"], {
      env: {
        ...process.env,
        KAFKA_BROKERS: env.brokers.join(","),
        DATABASE_URL: env.databaseUrl,
        LW_TOPIC_PREFIX: topics.prefix,
        LW_WORKER_GROUP: groupId,
        LW_STREAM: stream,
        LW_FLUSH_INTERVAL_MS: "100",
        LW_IDLE_MS: "60000",
        LW_SESSION_TIMEOUT_MS: "6000",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    return child;
  }

  it("a worker killed with SIGKILL mid-stream and restarted loses nothing and counts nothing twice", async () => {
    const lines = makeTestStream({ n: 60_000, start, seed: 11 });
    const topics = await freshTopics("kill");
    const groupId = env.groupId("kill");
    const stream = `kill-${env.runId}`;
    // Produce in the background in small steps, so the kill lands while events still arrive.
    const half = Math.floor(lines.length / 2);
    await produceLines(kafka, topics, lines.slice(0, half));
    const rest = (async () => {
      for (let i = half; i < lines.length; i += 3000) {
        await produceLines(kafka, topics, lines.slice(i, i + 3000));
        await new Promise((r) => setTimeout(r, 150));
      }
    })();

    const first = startWorkerProcess(topics, groupId, stream);
    await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) > lines.length * 0.2, {
      what: "progress before the kill",
    });
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const atKill = await storedProgress(env.databaseUrl, groupId);
    expect(atKill).toBeLessThan(lines.length);

    startWorkerProcess(topics, groupId, stream);
    await rest;
    await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === lines.length, {
      what: "the restarted worker to finish",
      timeoutMs: 120_000,
    });
    const expected = Object.fromEntries(await recount(env.databaseUrl, lines, start));
    expect(Object.fromEntries(await storedCounts(env.databaseUrl, stream))).toEqual(expected);
    const count = (kind: string) => lines.filter((l) => l.kind === kind).length;
    expect(await droppedCounts(env.databaseUrl, stream)).toEqual({
      duplicate: count("duplicate"),
      late: count("late"),
      invalid: count("malformed"),
      rejected: count("unknown-shop"),
    });
  });
});
