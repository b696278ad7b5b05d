/**
 * End to end over the local broker's SASL_SSL (SCRAM-SHA-512) listener, as against a managed
 * cluster: events produced over it are aggregated by worker processes (fast consumer, and kafkajs
 * end to end) configured only through KAFKA_SECURITY_PROTOCOL and friends, to the same aggregates
 * a PLAINTEXT worker stores from the same topics; their frames reach a web server and their
 * alerts a notifier process (delivered to a real HTTP receiver), both on the secured listener; a
 * replay process re-aggregates to the same per-minute totals; the simulator process sends over
 * it exactly what it reports, with either producer.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { replayStream } from "../adapters/db/replay-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics, type TopicNames } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { testEnv } from "./support/env";
import { makeTestStream } from "./support/launch-events";
import { type Child, startScript } from "./support/processes";
import { startTestWeb, type TestWeb } from "./support/web";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";
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
const sasl = env.sasl();
const secured: Kafka = createKafka({ brokers: sasl.brokers, security: sasl.security, clientId: "test-sasl" });
const plain: Kafka = createKafka({ brokers: env.brokers, clientId: "test-plain" });
const topics = env.topics("sasl");
const lines = makeTestStream({ n: 20_000, seed: 12 });
const saslStream = `sasl-${env.runId}`;
const plainStream = `plain-${env.runId}`;
const saslGroup = env.groupId("sasl-worker");
const ruleId = `sasl-hot-${env.runId.slice(-6)}`;
const children: Child[] = [];
let hook: WebhookReceiver;
let web: TestWeb | null = null;

async function create(admin: ReturnType<Kafka["admin"]>, names: TopicNames): Promise<void> {
  await admin.connect();
  try {
    await ensureTopics(admin, names, 3);
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  await withPg(env.databaseUrl, (c) =>
    c.query("insert into alert_rules (id, definition) values ($1, $2)", [
      ruleId,
      JSON.stringify({ id: ruleId, kind: "shop_over_capacity", for: "30s" }),
    ]),
  );
  hook = await startWebhookReceiver();
  // Created and written over the secured listener.
  await create(secured.admin(), topics);
  await produceLines(secured, topics, lines);
});

afterAll(async () => {
  for (const c of children) await c.stop();
  await web?.close();
  await hook?.close();
  await withPg(env.databaseUrl, (c) => c.query("delete from alert_rules where id = $1", [ruleId]));
});

describe("over SASL_SSL with SCRAM-SHA-512", () => {
  it("worker, web and notifier: the same aggregates as over PLAINTEXT, frames on the dashboard, alerts delivered", async () => {
    const policyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lw-sasl-")), "alerting.yaml");
    fs.writeFileSync(
      policyFile,
      `global: { resolve_timeout: 5m, digest_top: 10, allowed_networks: ["127.0.0.1/32"] }
route: { receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 2s, repeat_interval: 1h }
receivers:
  - { name: hook, type: webhook, url_env: LW_SASL_TEST_HOOK_URL, max_alerts: 20 }
`,
    );
    const common = { ...sasl.env, DATABASE_URL: env.databaseUrl, LW_TOPIC_PREFIX: topics.prefix };
    children.push(
      startScript("workers/notifier/main.ts", [], {
        ...common,
        LW_ALERTING_FILE: policyFile,
        LW_SASL_TEST_HOOK_URL: `${hook.url}/alertmanager`,
        LW_NOTIFIER_GROUP: env.groupId("sasl-notifier"),
        LW_NOTIFIER_TICK_MS: "100",
      }),
    );
    web = await startTestWeb("sasl-web", { brokers: sasl.brokers, kafkaSecurity: sasl.security }, { topics });
    const worker = startScript("workers/aggregator/main.ts", [], {
      ...common,
      LW_KAFKA_CLIENT: "fast",
      LW_WORKER_GROUP: saslGroup,
      LW_STREAM: saslStream,
      LW_WORKER_ID: "sasl",
    });
    children.push(worker);
    // kafkajs end to end (LW_KAFKA_CLIENT=kafkajs) over the same listener, a group of its own.
    const kafkajsGroup = env.groupId("sasl-kafkajs-worker");
    const kafkajsWorker = startScript("workers/aggregator/main.ts", [], {
      ...common,
      LW_KAFKA_CLIENT: "kafkajs",
      LW_WORKER_GROUP: kafkajsGroup,
      LW_STREAM: `${saslStream}-kafkajs`,
      LW_WORKER_ID: "sasl-kafkajs",
    });
    children.push(kafkajsWorker);
    await waitFor(async () => (await storedProgress(env.databaseUrl, kafkajsGroup)) === lines.length, {
      what: `the SASL_SSL kafkajs worker to store all ${lines.length} events (${kafkajsWorker.output().slice(-1500)})`,
      timeoutMs: 90_000,
    });
    await waitFor(async () => (await storedProgress(env.databaseUrl, saslGroup)) === lines.length, {
      what: `the SASL_SSL worker to store all ${lines.length} events (${worker.output().slice(-1500)})`,
      timeoutMs: 90_000,
    });

    // The same topics read over PLAINTEXT by a worker of its own (outputs to other topics).
    const reference = env.topics("sasl-ref");
    await create(plain.admin(), reference);
    const store = createAggregateStore({ databaseUrl: env.databaseUrl });
    const plainGroup = env.groupId("plain-worker");
    const plainWorker = createAggregatorWorker({
      kafka: plain,
      store,
      topics: { ...reference, orders: topics.orders, api: topics.api, downloads: topics.downloads },
      groupId: plainGroup,
      stream: plainStream,
      workerId: "plain",
      logger: silentLogger,
      snapshots: false,
    });
    await plainWorker.start();
    await waitFor(async () => (await storedProgress(env.databaseUrl, plainGroup)) === lines.length, {
      what: "the PLAINTEXT worker",
    });
    await plainWorker.stop();
    await store.close();
    const overSasl = await storedCounts(env.databaseUrl, saslStream);
    expect(overSasl.size).toBeGreaterThan(1000);
    const overPlaintext = Object.fromEntries(await storedCounts(env.databaseUrl, plainStream));
    expect(Object.fromEntries(overSasl)).toEqual(overPlaintext);
    expect(Object.fromEntries(await storedCounts(env.databaseUrl, `${saslStream}-kafkajs`))).toEqual(
      overPlaintext,
    );

    // Frames came to the web over the secured listener.
    const user = await web.createUser("sasl-viewer", "viewer");
    const cookie = await web.signIn(user.username, user.password);
    await waitFor(
      async () => {
        const r = await fetch(`${web!.server.url}/api/v1/overview`, { headers: { cookie } });
        return r.status === 200 && ((await r.json()) as { overview: unknown }).overview !== null;
      },
      { what: "an overview on the web from frames read over SASL_SSL" },
    );

    // The worker's alerts reached the notifier over the secured listener and went out.
    await waitFor(async () => hook.accepted().some((r) => JSON.stringify(r.json).includes(ruleId)), {
      what: `a ${ruleId} notification (notifier: ${children[0]!.output().slice(-500)})`,
    });
  });

  it("a replay process re-aggregates to the same per-minute totals", async () => {
    const replay = startScript("workers/replay/main.ts", ["--name", "sasl"], {
      ...sasl.env,
      DATABASE_URL: env.databaseUrl,
      LW_TOPIC_PREFIX: topics.prefix,
    });
    children.push(replay);
    const code = await new Promise<number | null>((resolve) => replay.process.once("exit", resolve));
    expect(code, replay.output().slice(-1000)).toBe(0);
    const id = await withPg(env.databaseUrl, async (c) => {
      const r = await c.query<{ id: string }>("select id from replays where name = 'sasl'");
      return r.rows.map((row) => row.id);
    });
    expect(id).toHaveLength(1);
    const live = perMinute(await storedCounts(env.databaseUrl, saslStream));
    // Replays keep api.requests per second (the report's seconds over capacity), the rest per minute.
    expect(perMinute(await storedCounts(env.databaseUrl, replayStream(id[0]!)))).toEqual(live);
  });

  for (const client of ["fast", "kafkajs"] as const) {
    it(`the simulator process (--kafka-client ${client}) sends exactly what it reports`, async () => {
      const simTopics = env.topics(`sasl-sim-${client}`);
      const sim = startScript(
        "simulator/cli.ts",
        [
          "--speed",
          "max",
          "--duration",
          "10m",
          "--scale",
          "0.01",
          "--seed",
          "sasl",
          "--kafka-client",
          client,
        ],
        { ...sasl.env, LW_TOPIC_PREFIX: simTopics.prefix, LW_PARTITIONS: "3" },
      );
      children.push(sim);
      const code = await new Promise<number | null>((resolve) => sim.process.once("exit", resolve));
      expect(code, sim.output().slice(-1000)).toBe(0);
      const summary = JSON.parse(
        sim
          .output()
          .trim()
          .split("\n")
          .findLast((l) => l.startsWith("{"))!,
      ) as { sent: { total: number; orders: number } };
      expect(summary.sent.total).toBeGreaterThan(1000);
      const admin = secured.admin();
      await admin.connect();
      let stored = 0;
      for (const t of [simTopics.orders, simTopics.downloads, simTopics.api])
        for (const p of await admin.fetchTopicOffsets(t)) stored += Number(p.high);
      await admin.disconnect();
      expect(stored).toBe(summary.sent.total);
    });
  }
});
