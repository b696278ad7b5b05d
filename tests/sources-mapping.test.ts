/**
 * Bring your own events (issue 17), against the real broker and Postgres: the same simulated
 * launch in the native contract and in the example company's own shape (through the shipped
 * example mapping) stores the same aggregates and fires the same alerts; extra fields are
 * counted, not dead-lettered, and a v 2 is still refused; a bad mapping or a missing topic stops
 * `npm run worker` and `npm run sources -- check` naming the file, line and field.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createRulesStore } from "../adapters/db/rules-store";
import { createMetricsRegistry } from "../adapters/http/observability";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics, type TopicNames } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import type { Alert } from "../core/alerts/alert";
import { generateReferenceData } from "../core/reference";
import type { ShopRow } from "../core/reference/shops-csv";
import { externalShopCode, foreignMessage } from "../core/simulation/foreign";
import { createLaunch } from "../core/simulation/launch";
import type { WireMessage } from "../core/simulation/wire";
import { seedReferenceData } from "../scripts/seed";
import { migrateDeploy } from "../scripts/stack/migrate";
import { dropDatabase, ensureDatabase } from "../scripts/stack/postgres";
import { registerWorkerMetrics } from "../workers/aggregator/metrics";
import { openSources } from "../workers/aggregator/open-sources";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { testEnv } from "./support/env";
import { droppedCounts, storedCounts, storedProgress, waitFor, withPg } from "./support/worker-harness";

const env = testEnv();
const kafka = createKafka({ brokers: env.brokers });
// A database of this file's own: its shops carry the example company's store codes.
const dbUrl = (() => {
  const u = new URL(env.databaseUrl);
  u.pathname = `${u.pathname}_sources`;
  return u.toString();
})();
const dir = mkdtempSync(path.join(tmpdir(), "lw-sources-"));
const reference = generateReferenceData("launchwatch", 3000);
const native = env.topics("byo-native");
const foreign = env.topics("byo-foreign");
const ruleId = "byo-shop-hot";

/** The shipped example mapping with its topics renamed to this run's. */
function exampleFor(topics: TopicNames): string {
  return readFileSync("sources.example.yaml", "utf8")
    .replace("[acme.orders]", `[${topics.orders}]`)
    .replace("[acme.api]", `[${topics.api}]`)
    .replace("[acme.downloads]", `[${topics.downloads}]`)
    .replace("group: lw-aggregator-acme", `group: ${env.groupId("byo-foreign")}`);
}
const writeFile = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

async function produce(topics: TopicNames, messages: WireMessage[]) {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 5000) {
      const byTopic = new Map<string, Array<{ key: string; value: string }>>();
      for (const m of messages.slice(i, i + 5000)) {
        const t = topics[m.topic];
        byTopic.set(t, [...(byTopic.get(t) ?? []), { key: m.key, value: m.value }]);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, ms]) => ({ topic, messages: ms })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

beforeAll(async () => {
  await ensureDatabase(dbUrl);
  await migrateDeploy(dbUrl);
  const shops = reference.shops;
  const shopRows: ShopRow[] = Array.from({ length: shops.count }, (_, id) => ({
    id,
    externalId: externalShopCode(id),
    chain: shops.chains[shops.chainIndex[id]!]!,
    city: shops.cities[shops.cityIndex[id]!]!,
    capacityPerMinute: shops.capacityPerMinute[id]!,
    weight: shops.weight[id]!,
  }));
  await seedReferenceData(dbUrl, { shopRows, force: true });
  await withPg(dbUrl, (c) =>
    c.query("insert into alert_rules (id, definition) values ($1, $2)", [
      ruleId,
      JSON.stringify({
        id: ruleId,
        kind: "shop_over_capacity",
        factor: 1,
        for: 0,
        labels: { severity: "page" },
      }),
    ]),
  );
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, native, 3);
  await ensureTopics(admin, foreign, 3);
  await admin.disconnect();
}, 180_000);

afterAll(async () => {
  await dropDatabase(dbUrl).catch(() => {});
});

interface Run {
  alerts: Alert[];
  stats: ReturnType<ReturnType<typeof createAggregatorWorker>["stats"]>;
  metrics: string;
}

/** Runs a worker over `topics` until `expected` messages are stored, as a replay does (one frame per event second). */
async function runWorker(
  stream: string,
  groupId: string,
  topics: TopicNames,
  expected: number,
  sourcesFile?: string,
): Promise<Run> {
  const sources = sourcesFile ? await openSources(sourcesFile, { kafka, databaseUrl: dbUrl }) : null;
  const store = createAggregateStore({ databaseUrl: dbUrl });
  const rules = createRulesStore({ databaseUrl: dbUrl, logger: silentLogger });
  const alerts: Alert[] = [];
  const group = sources?.group ?? groupId;
  const worker = createAggregatorWorker({
    kafka,
    store,
    topics,
    sources: sources?.decoders,
    groupId: group,
    stream,
    workerId: stream,
    logger: silentLogger,
    frameIntervalMs: 200,
    idleMs: 500,
    replay: { stepSeconds: 1 },
    publishFrames: false,
    snapshots: false,
    loadRules: () => rules.load(),
    alertSink: async (a) => {
      alerts.push(...a);
    },
  });
  await worker.start();
  try {
    await waitFor(async () => (await storedProgress(dbUrl, group)) >= expected, {
      timeoutMs: 100_000,
      what: `${stream} to store ${expected} messages`,
    });
    // And every step of the launch framed and evaluated: no new frame for 2 s.
    let frames = -1;
    await waitFor(
      async () => {
        const now = worker.stats().framesPublished;
        if (now === frames) return true;
        frames = now;
        await new Promise((r) => setTimeout(r, 2000));
        return false;
      },
      { timeoutMs: 60_000, what: `${stream} to frame the whole launch` },
    );
  } finally {
    await worker.stop();
    await store.close();
    await rules.close();
  }
  const registry = createMetricsRegistry({ defaultLabels: { process: "worker", instance: stream } });
  registerWorkerMetrics(registry, worker);
  return { alerts, stats: worker.stats(), metrics: await registry.metrics() };
}

const comparable = (alerts: Alert[]) =>
  alerts
    .map(({ sentAt: _sent, ...a }) => a)
    .sort((a, b) =>
      (a.fingerprint + a.state + a.startsAt).localeCompare(b.fingerprint + b.state + b.startsAt),
    );

describe("bring your own events", () => {
  it("the same launch, native and in the company's own shape through the example mapping: same aggregates, same alerts", async () => {
    const launch = createLaunch({ seed: "byo", scale: 0.02, durationSec: 180, reference });
    const messages: WireMessage[] = [];
    for (let b = launch.next(); b; b = launch.next()) messages.push(...b.messages);
    const foreignMessages = messages.map(foreignMessage);
    expect(foreignMessages[0]!.value).not.toBe(messages[0]!.value);
    await produce(native, messages);
    await produce(foreign, foreignMessages);

    const a = await runWorker(`byo-n-${env.runId}`, env.groupId("byo-native"), native, messages.length);
    const b = await runWorker(
      `byo-f-${env.runId}`,
      "unused",
      foreign,
      messages.length,
      writeFile("example.yaml", exampleFor(foreign)),
    );
    console.log(
      `[sources-mapping.test] ${messages.length} messages each; counted ${a.stats.counted} native, ${b.stats.counted} mapped; alerts ${a.alerts.length}`,
    );
    expect(a.stats.invalid).toBe(0);
    expect(b.stats.invalid).toBe(0);
    expect(b.stats.counted).toBe(a.stats.counted);
    const na = await storedCounts(dbUrl, `byo-n-${env.runId}`);
    const nb = await storedCounts(dbUrl, `byo-f-${env.runId}`);
    expect(na.size).toBeGreaterThan(500);
    expect(Object.fromEntries(nb)).toEqual(Object.fromEntries(na));
    expect(await droppedCounts(dbUrl, `byo-f-${env.runId}`)).toEqual(
      await droppedCounts(dbUrl, `byo-n-${env.runId}`),
    );
    expect(a.alerts.filter((x) => x.state === "firing").length).toBeGreaterThan(0);
    expect(comparable(b.alerts)).toEqual(comparable(a.alerts));
  });

  it("counts extra fields by name instead of dead-lettering them; a v of 2 is still refused", async () => {
    const topics = env.topics("byo-extra");
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topics, 1);
    await admin.disconnect();
    const order = (i: number, extra: object) => ({
      topic: "orders" as const,
      key: "7",
      value: JSON.stringify({
        v: 1,
        type: "order",
        id: `x${i}`,
        orderId: `o${i}`,
        userId: "u",
        shopId: 7,
        chain: reference.shops.chains[reference.shops.chainIndex[7]!],
        city: reference.shops.cities[reference.shops.cityIndex[7]!],
        amount: 25,
        status: "created",
        ts: 1_770_343_200_000 + i,
        ...extra,
      }),
    });
    const lines = [
      order(1, {}),
      order(2, { traceId: "t2" }),
      order(3, { traceId: "t3", coupon: "C" }),
      order(4, { v: 2 }),
    ];
    await produce(topics, lines);
    const r = await runWorker(`byo-x-${env.runId}`, env.groupId("byo-extra"), topics, lines.length);
    expect(r.stats.counted).toBe(3);
    expect(r.stats.invalid).toBe(1);
    expect(r.stats.extraFields).toEqual([
      { type: "order", field: "traceId", count: 2 },
      { type: "order", field: "coupon", count: 1 },
    ]);
    expect(r.metrics).toMatch(
      /launchwatch_worker_event_extra_fields_total\{type="order",field="traceId",[^}]*\} 2/,
    );
    const letters = kafka.consumer({ groupId: env.groupId("byo-extra-dl") });
    await letters.connect();
    await letters.subscribe({ topic: topics.deadLetter, fromBeginning: true });
    const reason = await new Promise<string>((resolve) => {
      void letters.run({
        eachMessage: async ({ message }) => resolve(JSON.stringify(message.headers) + String(message.value)),
      });
    });
    await letters.disconnect();
    expect(reason).toContain('"v":2');
  });
});

/** Runs `npm run <script>` as a process; resolves with its exit code and output. */
function run(
  script: string,
  args: string[],
  extraEnv: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: {
        ...process.env,
        KAFKA_BROKERS: env.brokers.join(","),
        DATABASE_URL: dbUrl,
        LOG_LEVEL: "warn",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe("a mapping with an error stops the worker and the check, naming file, line and field", () => {
  const good = () => exampleFor(foreign);
  const cases: Array<[string, () => string, RegExp]> = [
    [
      "unknown path syntax",
      () => good().replace("orderId: $.order.id", "orderId: $.order[id]"),
      /\.yaml:13: orders\.fields\.orderId\.path: unknown path syntax "\$\.order\[id\]"/,
    ],
    [
      "a status with no mapping",
      () => good().replace("ORDER_COMPLETED: made", "ORDER_COMPLETED: done"),
      /\.yaml:21: orders\.fields\.status\.map\.ORDER_COMPLETED: "ORDER_COMPLETED" maps to "done", not one of created, accepted, made, failed/,
    ],
    [
      "a topic that does not exist",
      () => good().replace(`[${foreign.api}]`, `[${foreign.api}-missing]`),
      new RegExp(
        `\\.yaml:25: api\\.topics\\[0\\]: topic "${foreign.api.replace(/\./g, "\\.")}-missing" does not exist`,
      ),
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, async () => {
      const file = writeFile(`${name.replace(/\W+/g, "-")}.yaml`, text());
      const [worker, check] = await Promise.all([
        run("workers/aggregator/main.ts", [], { LW_SOURCES_FILE: file }),
        run("scripts/sources.ts", ["check", "--file", file], {}),
      ]);
      for (const r of [worker, check]) {
        expect(r.code, r.out).toBe(1);
        expect(r.out).toMatch(expected);
        expect(r.out.trim().split("\n")).toHaveLength(1);
      }
      expect(worker.out).toMatch(/^\[worker\] Invalid configuration: /);
      expect(check.out).toMatch(/^\[sources\] Invalid configuration: /);
    });
  }

  it("check: a table of the first rows, the count of each dead-letter reason, exit 1 when any fail; 0 when all map", async () => {
    const ok = await run(
      "scripts/sources.ts",
      ["check", "--file", writeFile("ok.yaml", good()), "--sample", "30"],
      {},
    );
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/orders .*: 30 read, 30 mapped, 0 filtered, 0 would be dead-lettered/);
    expect(ok.out).toMatch(/@\d+:\d+\s+\S+ order \S+ shop \d+ (created|accepted|made|failed) 25 2026-/);
    // A feed of its own with a store the reference data does not know, and an unmapped status.
    const topics = env.topics("byo-check");
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topics, 1);
    await admin.disconnect();
    const base = JSON.parse(
      foreignMessage({
        topic: "orders",
        key: "1",
        value: JSON.stringify({
          v: 1,
          type: "order",
          id: "e1",
          orderId: "o1",
          userId: "u",
          shopId: 5,
          chain: "c",
          city: "d",
          amount: 25,
          status: "created",
          ts: 1_770_343_200_000,
        }),
      }).value,
    );
    const rec = (v: object) => ({ topic: "orders" as const, key: "k", value: JSON.stringify(v) });
    await produce(topics, [
      rec(base),
      rec({ ...base, order: { ...base.order, store: { code: "ST-999999" } } }),
      rec({ ...base, order: { ...base.order, store: { code: "ST-999998" } } }),
      rec({ ...base, eventType: "ORDER_VIEWED" }),
      rec({ ...base, occurredAt: "yesterday" }),
    ]);
    const text = exampleFor(topics).replace(/\napi:[\s\S]*$/, "\n");
    const bad = await run("scripts/sources.ts", ["check", "--file", writeFile("feed.yaml", text)], {});
    expect(bad.code, bad.out).toBe(1);
    expect(bad.out).toMatch(/5 read, 1 mapped, 1 filtered, 3 would be dead-lettered/);
    expect(bad.out).toMatch(/ 2 x mapping orders\.shop: unknown external id/);
    expect(bad.out).toMatch(/ 1 x mapping orders\.ts: bad time:/);
    expect(bad.out).toMatch(/DEAD LETTER mapping orders\.shop: unknown external id "ST-999999"/);
    expect(bad.out).toMatch(/\[sources\] 3 of 5 records would be dead-lettered/);
  });
});
