/** Workers evaluate shop rules where every shop's load is known and publish alerts to the `alerts` topic. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createRulesStore } from "../adapters/db/rules-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { type Alert, AlertSchema } from "../core/alerts/alert";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { testEnv } from "./support/env";
import type { TestLine } from "./support/launch-events";
import { testShops } from "./support/launch-events";
import { loadTestReference, produceLines, withPg } from "./support/worker-harness";

const env = testEnv();
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("alerts");
const start = 1_770_343_200_000;
const ruleId = `shop-hot-${env.runId.slice(-6)}`;

function orders(shopId: number, count: number, spanMs: number): TestLine[] {
  const s = testShops[shopId]!;
  return Array.from({ length: count }, (_, i) => ({
    topic: "orders" as const,
    key: String(shopId),
    kind: "ok" as const,
    value: JSON.stringify({
      v: 1,
      type: "order",
      id: `al-${shopId}-${i}`,
      orderId: `al-${shopId}-${i}`,
      userId: "u",
      shopId,
      chain: s.chain,
      city: s.city,
      amount: 25,
      status: "created",
      ts: start + Math.floor((i * spanMs) / count),
    }),
  }));
}

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  await withPg(env.databaseUrl, (c) =>
    c.query("insert into alert_rules (id, definition) values ($1, $2)", [
      ruleId,
      JSON.stringify({
        id: ruleId,
        kind: "shop_over_capacity",
        factor: 1,
        for: 0,
        labels: { severity: "critical" },
      }),
    ]),
  );
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  await admin.disconnect();
});

afterAll(() => withPg(env.databaseUrl, (c) => c.query("delete from alert_rules where id = $1", [ruleId])));

describe("shop alerts from the workers", () => {
  it("fires for a shop over capacity and not for one exactly at capacity", async () => {
    // Shop 0: capacity 2/min, 40 orders in a minute. Shop 1: capacity 3/min, 3 orders in the minute.
    const lines = [...orders(0, 40, 60_000), ...orders(1, 3, 60_000)];
    await produceLines(kafka, topics, lines);
    const store = createAggregateStore({ databaseUrl: env.databaseUrl });
    const rules = createRulesStore({ databaseUrl: env.databaseUrl, logger: silentLogger });
    const worker = createAggregatorWorker({
      kafka,
      store,
      topics,
      groupId: env.groupId("alerts"),
      stream: `alerts-${env.runId}`,
      workerId: "alerts-1",
      logger: silentLogger,
      frameIntervalMs: 200,
      idleMs: 500,
      snapshots: false,
      loadRules: () => rules.load(),
    });
    const consumer = kafka.consumer({ groupId: env.groupId("alerts-reader") });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.alerts, fromBeginning: true });
    const seen: Alert[] = [];
    const firing = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const a = AlertSchema.parse(JSON.parse(String(message.value)));
          seen.push(a);
          if (a.state === "firing") resolve();
        },
      });
    });
    await worker.start();
    try {
      await firing;
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await worker.stop();
      await consumer.disconnect();
      await store.close();
      await rules.close();
    }
    const fired = seen.filter((a) => a.state === "firing");
    expect(fired.map((a) => a.labels.shop)).toEqual(["0"]);
    expect(fired[0]).toMatchObject({
      rule: ruleId,
      labels: {
        alertname: ruleId,
        severity: "critical",
        chain: testShops[0]!.chain,
        city: testShops[0]!.city,
      },
    });
    expect(fired[0]!.value).toBeGreaterThan(1);
  });

  it("sends alert updates whose send failed with the next frame instead of losing them", async () => {
    // Same data as above under a new group: shop 0 fires once; the first delivery fails.
    const store = createAggregateStore({ databaseUrl: env.databaseUrl });
    const rules = createRulesStore({ databaseUrl: env.databaseUrl, logger: silentLogger });
    const delivered: Alert[] = [];
    let attempts = 0;
    const worker = createAggregatorWorker({
      kafka,
      store,
      topics,
      groupId: env.groupId("alerts-retry"),
      stream: `alerts-retry-${env.runId}`,
      workerId: "alerts-2",
      logger: silentLogger,
      frameIntervalMs: 200,
      idleMs: 500,
      snapshots: false,
      publishFrames: false,
      loadRules: () => rules.load(),
      alertSink: async (alerts) => {
        attempts++;
        if (attempts === 1) throw new Error("alerts topic unavailable");
        delivered.push(...alerts);
      },
    });
    await worker.start();
    try {
      const deadline = Date.now() + 30_000;
      while (!delivered.some((a) => a.state === "firing") && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await worker.stop();
      await store.close();
      await rules.close();
    }
    expect(attempts).toBeGreaterThan(1);
    expect(delivered.filter((a) => a.state === "firing").map((a) => a.labels.shop)).toEqual(["0"]);
  });
});
