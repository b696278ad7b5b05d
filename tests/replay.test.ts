/**
 * Replays from the raw events in Kafka: the replayed totals equal the live ones (per minute at
 * the replay's default store step, per second at step 1, with one or two processes), and a
 * what-if with more capacity fires fewer alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { replayStream } from "../adapters/db/replay-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { parseCapacityOverrides } from "../core/replay/capacity-overrides";
import { parseRuleOverrides } from "../core/replay/rule-overrides";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { runReplay } from "../workers/replay/run";
import { testEnv } from "./support/env";
import { makeTestStream } from "./support/launch-events";
import {
  loadTestReference,
  perMinute,
  produceLines,
  storedCounts,
  storedProgress,
  waitFor,
  withPg,
} from "./support/worker-harness";

const env = testEnv();
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("replay");
const start = 1_770_343_200_000;
const lines = makeTestStream({ n: 20_000, start, seed: 3 });
const liveStream = `live-${env.runId}`;
const ruleId = `replay-hot-${env.runId.slice(-6)}`;
const options = {
  kafka,
  topics,
  databaseUrl: env.databaseUrl,
  childEnv: {
    KAFKA_BROKERS: env.brokers.join(","),
    DATABASE_URL: env.databaseUrl,
    LW_TOPIC_PREFIX: topics.prefix,
  },
  logger: silentLogger,
  timeoutMs: 120_000,
};

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  await withPg(env.databaseUrl, (c) =>
    c.query("insert into alert_rules (id, definition) values ($1, $2)", [
      ruleId,
      JSON.stringify({ id: ruleId, kind: "shop_over_capacity", for: "30s" }),
    ]),
  );
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  await admin.disconnect();
  await produceLines(kafka, topics, lines);
  // The live run the replay must agree with.
  const store = createAggregateStore({ databaseUrl: env.databaseUrl });
  const groupId = env.groupId("replay-live");
  const worker = createAggregatorWorker({
    kafka,
    store,
    topics,
    groupId,
    stream: liveStream,
    workerId: "live",
    logger: silentLogger,
    snapshots: false,
  });
  await worker.start();
  await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === lines.length, {
    what: "the live run",
  });
  await worker.stop();
  await store.close();
});

afterAll(() => withPg(env.databaseUrl, (c) => c.query("delete from alert_rules where id = $1", [ruleId])));

describe("replay from Kafka", () => {
  let baselineFired = 0;
  let baselineId = "";

  it("re-aggregates to the same totals as the live run, with a report", async () => {
    // Two processes, each with a fixed share of the partitions; aggregates stored per minute.
    const r = await runReplay({ name: "baseline", workers: 2 }, options);
    baselineId = r.id;
    const liveCounts = await storedCounts(env.databaseUrl, liveStream);
    expect(liveCounts.size).toBeGreaterThan(1000);
    const live = perMinute(liveCounts);
    const replayed = await storedCounts(env.databaseUrl, replayStream(r.id));
    // Coarser than the live run's per-second rows, and the same per-minute sums; api.requests
    // kept per second (the report counts each endpoint's seconds over capacity), equal to live's.
    expect(replayed.size).toBeLessThan(liveCounts.size);
    expect(perMinute(replayed)).toEqual(live);
    const requestsPerSecond = (m: Map<string, number>) =>
      Object.fromEntries([...m].filter(([k]) => k.startsWith("api.requests|")));
    expect(Object.keys(requestsPerSecond(replayed)).length).toBeGreaterThan(60);
    expect(requestsPerSecond(replayed)).toEqual(requestsPerSecond(liveCounts));
    expect(r.workers).toHaveLength(2);
    expect(r.workers.reduce((n, w) => n + w.stats.consumed, 0)).toBeGreaterThanOrEqual(lines.length);
    const created = lines.filter(
      (l) => l.kind === "ok" && l.topic === "orders" && JSON.parse(l.value).status === "created",
    ).length;
    expect(r.summary.totals.ordersCreated).toBe(created);
    expect(r.summary.alerts.byRule[ruleId]).toBeGreaterThan(0);
    expect(r.summary.worstShops.length).toBeGreaterThan(0);
    baselineFired = r.summary.alerts.fired;
    console.log(`[replay.test] baseline replay ${r.ms} ms, ${baselineFired} alerts fired`);
  });

  it("stores per second with storeStepSeconds 1, equal to the live run", async () => {
    const r = await runReplay({ name: "per-second", storeStepSeconds: 1 }, options);
    const live = Object.fromEntries(await storedCounts(env.databaseUrl, liveStream));
    expect(Object.fromEntries(await storedCounts(env.databaseUrl, replayStream(r.id)))).toEqual(live);
    expect(r.summary.totals.ordersCreated).toBeGreaterThan(0);
  });

  it("fires fewer alerts with doubled capacity (what-if)", async () => {
    const r = await runReplay(
      { name: "double", overrides: parseCapacityOverrides("shops=2x"), baselineId },
      options,
    );
    expect(r.summary.totals.ordersCreated).toBeGreaterThan(0);
    expect(r.summary.alerts.fired).toBeLessThan(baselineFired);
    console.log(`[replay.test] what-if replay ${r.ms} ms, ${r.summary.alerts.fired} alerts fired`);
  });

  it("fires fewer alerts when the rule waits longer (what-if rules), and refuses an unknown rule", async () => {
    const r = await runReplay(
      { name: "patient", ruleOverrides: parseRuleOverrides(`rule:${ruleId}.for=10m`), baselineId },
      options,
    );
    expect(r.summary.totals.ordersCreated).toBeGreaterThan(0);
    expect(r.summary.alerts.fired).toBeLessThan(baselineFired);
    await expect(
      runReplay({ name: "bad", ruleOverrides: parseRuleOverrides("rule:no-such-rule.for=1m") }, options),
    ).rejects.toThrow(/rule:no-such-rule: no such rule/);
  });
});
