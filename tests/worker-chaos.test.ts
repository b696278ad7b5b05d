/**
 * The simulator's chaos mix (events 5-20 minutes late every half second, exact re-sends up to
 * 3 s apart) through the worker against the real broker and Postgres: stored counts equal an
 * exact recount, every re-send is dropped as a duplicate and every late event as late. Before,
 * a late event's old time made the dedup rotate every frame and about 90% of the re-sends were
 * counted twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { readConfig } from "../config/env";
import { formatTally, tallyEnvShape, tallyStream } from "../scripts/tally";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { makeChaosStream } from "./support/chaos-stream";
import { testEnv } from "./support/env";
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
// Event time runs at the wall clock's pace, as on launch night: a frame every 200 ms then
// covers a fifth of an event-time second, and re-sends 3 s apart straddle many frames.
const seconds = 12;
const perSecond = 50_000;
const lines = makeChaosStream({ start, seconds, perSecond });
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("chaos");
const groupId = env.groupId("chaos");
const stream = `chaos-${env.runId}`;
const store = createAggregateStore({ databaseUrl: env.databaseUrl });
const worker = createAggregatorWorker({
  kafka,
  store,
  topics,
  groupId,
  stream,
  workerId: "chaos-1",
  logger: silentLogger,
  frameIntervalMs: 200,
  flushIntervalMs: 500,
  snapshots: false,
});
let rate = 0;

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  await admin.disconnect();
  await worker.start();
  const t0 = Date.now();
  const step = Math.ceil(lines.length / seconds);
  for (let i = 0; i < lines.length; i += step) {
    const due = t0 + (i / step) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    await produceLines(kafka, topics, lines.slice(i, i + step), 10_000);
  }
  rate = Math.round((lines.length * 1000) / (Date.now() - t0));
  await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === lines.length, {
    what: "the worker to store every message",
    timeoutMs: 150_000,
  });
}, 240_000);

afterAll(async () => {
  await worker.stop();
  await store.close();
});

describe("the chaos mix of late events and re-sends", () => {
  it("stores exactly the counts of an independent recount (no re-send counted twice)", async () => {
    console.log(`[chaos] ${lines.length} messages produced at ${rate}/s while the worker consumed`);
    const expected = await recount(
      env.databaseUrl,
      lines.filter((l) => l.kind !== "late"),
      start,
    );
    const stored = await storedCounts(env.databaseUrl, stream);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected));
  });

  it("drops every re-send as a duplicate and every late event as late", async () => {
    const count = (kind: string) => lines.filter((l) => l.kind === kind).length;
    expect(count("duplicate")).toBeGreaterThan(10_000);
    expect(count("late")).toBeGreaterThan(20);
    expect(await droppedCounts(env.databaseUrl, stream)).toEqual({
      duplicate: count("duplicate"),
      late: count("late"),
    });
  });

  it("balances the books: counted + late + duplicates + dead-lettered = read = in the topic (npm run tally)", async () => {
    const config = readConfig(tallyEnvShape, {
      DATABASE_URL: env.databaseUrl,
      KAFKA_BROKERS: env.brokers.join(","),
      LW_TOPIC_PREFIX: topics.prefix,
    });
    const sent = { orders: 0, downloads: 0, api: 0 };
    for (const l of lines) sent[l.topic]++;
    const t = await tallyStream({ config, group: groupId, stream, sent });
    expect(t.problems).toEqual([]);
    const orders = t.rows.find((r) => r.kind === "orders")!;
    expect(orders.read).toBe(sent.orders);
    expect(orders.duplicates).toBe(
      lines.filter((l) => l.kind === "duplicate" && l.topic === "orders").length,
    );
    expect(formatTally(t)).toMatch(/^balanced: .* = sent$/m);
  });
});
