/**
 * Alert latency: from the frame whose window first shows a condition (an endpoint over capacity)
 * to the chat webhook's HTTP request, minus the rule's pending period (`for`). Target: ≤ 2 s.
 * The real notifier runs against the local Kafka and Postgres with the repository's
 * alerting.yaml (its group_wait for the API route is included), receivers pointed at a local
 * HTTP server. A fake worker publishes one frame per second (as the aggregators do), event time
 * = wall time; each trial sends a different endpoint over capacity so each gets a fresh group.
 * Then a storm: 50,000 shop alerts on the `alerts` topic, timed until the digests are delivered.
 *
 * Run: `npm run bench -- alert-latency` or `npx tsx bench/alert-latency.bench.ts`.
 */

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAlertingStore } from "../adapters/db/alerting-store";
import { createOutbox } from "../adapters/db/outbox";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics, topicNames } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { createAddressGuard } from "../adapters/webhooks/address-guard";
import { createReceiver, type Receiver } from "../adapters/webhooks/receivers";
import { fingerprint } from "../core/alerts/alert";
import { buildPolicy, PolicyFileSchema } from "../core/alerts/policy";
import { type Rule, RuleSchema } from "../core/alerts/rule";
import { parseYamlConfig } from "../core/alerts/yaml-config";
import { emptyFrame } from "../core/frames/empty-frame";
import type { EndpointLoad, Frame } from "../core/frames/frame";
import { windowCountsAtRate } from "../core/frames/windows";
import { createNotifier } from "../workers/notifier/notifier";
import { benchEnv } from "./support/bench-env";
import { report } from "./support/machine";

const TRIALS_FOR_0 = Number(process.env.BENCH_TRIALS ?? 6);
const TRIALS_FOR_5S = Math.max(2, Math.round(TRIALS_FOR_0 / 2));
const STORM = Number(process.env.BENCH_STORM ?? 50_000);

const log = (line: string) => console.error(`[alert-latency] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const round = (x: number) => Math.round(x);

const { brokers, databaseUrl } = await benchEnv();
const store = createAlertingStore({ databaseUrl });
await store.pool.query(
  "truncate alerts, alert_events, notification_groups, notification_outbox, delivery_attempts, silences, alert_acks cascade",
);

// The receiver: every chat type on one local server, told apart by path.
const arrivals: Array<{ path: string; at: number; body: unknown }> = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    arrivals.push({
      path: req.url ?? "",
      at: Date.now(),
      body: JSON.parse(Buffer.concat(chunks).toString() || "null"),
    });
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"code":0,"errcode":0}');
  });
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const policy = buildPolicy(
  parseYamlConfig(PolicyFileSchema, fs.readFileSync("alerting.yaml", "utf8"), "alerting.yaml"),
);
const guard = createAddressGuard(["127.0.0.1/32"]);
const receivers = new Map<string, Receiver>(
  policy.receivers.map((r) => [
    r.name,
    createReceiver(r, { url: `${base}/${r.type}`, secret: "bench-secret-123" }, { guard }),
  ]),
);
const rules: Rule[] = [
  RuleSchema.parse({
    id: "endpoint-over-capacity",
    kind: "endpoint_over_capacity",
    for: "0s",
    labels: { severity: "critical" },
  }),
  RuleSchema.parse({
    id: "endpoint-over-capacity-5s",
    kind: "endpoint_over_capacity",
    for: "5s",
    factor: 1.5,
  }),
];
// The endpoint route of alerting.yaml matches `endpoint-.*`; the 5 s rule's id matches it too.
const apiRoute = policy.route.routes.find((r) => r.receiver === "api-oncall-feishu");
const groupWaitMs = apiRoute?.groupWaitMs ?? 0;

const kafka = createKafka({ brokers });
const topics = topicNames(`lwbench.alert.${randomBytes(3).toString("hex")}.`);
const admin = kafka.admin();
await admin.connect();
await ensureTopics(admin, topics, 3);
await admin.disconnect();

const notifier = createNotifier({
  kafka,
  topics,
  groupId: `lwbench-notifier-${randomBytes(3).toString("hex")}`,
  instanceId: "bench",
  store,
  outbox: createOutbox({ pool: store.pool }),
  rulesStore: { load: async () => rules, close: async () => {} },
  policy,
  receivers,
  logger: silentLogger,
  tickMs: 100,
});
await notifier.start();
log(`notifier running; api route group_wait ${groupWaitMs} ms`);

// A fake aggregation worker: one frame a second, event time = wall time.
const endpoints = Array.from({ length: TRIALS_FOR_0 + TRIALS_FOR_5S }, (_, i) => `POST /bench/${i}`);
const overload = new Map<string, number>(); // endpoint -> requests per second
const counts = windowCountsAtRate;
const endpointLoad = (name: string): EndpointLoad => {
  const rps = overload.get(name) ?? 50;
  return {
    endpoint: name,
    requests: counts(rps),
    errors: counts(0),
    retries: counts(0),
    capacityPerSec: 100,
    utilization: rps / 100,
    p50: 20,
    p95: 40,
    p99: 80,
    errorClasses: {},
    saturationInSec: null,
  };
};
const producer = kafka.producer();
await producer.connect();
let seq = 0;
let lastFrameAt = 0;
let running = true;
const frames = (async () => {
  while (running) {
    const now = Date.now();
    const frame: Frame = emptyFrame({
      source: "bench-worker",
      seq: seq++,
      emittedAt: now,
      watermark: now,
      partitions: [0],
      endpoints: endpoints.map(endpointLoad),
    });
    await producer.send({
      topic: topics.frames,
      messages: [{ key: "bench-worker", value: JSON.stringify(frame) }],
    });
    lastFrameAt = now;
    await sleep(1000 - (Date.now() % 1000));
  }
})();

/** One trial: `endpoint` goes over capacity; returns ms from the frame showing it to the webhook, minus `forMs`. */
async function trial(endpoint: string, rps: number, alertname: string, forMs: number): Promise<number> {
  // Apply the overload just before a frame goes out, so that frame is the first to show it.
  const since = lastFrameAt;
  while (lastFrameAt === since) await sleep(5);
  await sleep(900);
  overload.set(endpoint, rps);
  const before = lastFrameAt;
  while (lastFrameAt === before) await sleep(2);
  const conditionAt = lastFrameAt;
  const seen = arrivals.length;
  const deadline = Date.now() + forMs + 15_000;
  for (;;) {
    const hit = arrivals
      .slice(seen)
      .find(
        (a) =>
          a.path.startsWith("/feishu") &&
          JSON.stringify(a.body).includes(endpoint) &&
          JSON.stringify(a.body).includes(alertname) &&
          JSON.stringify(a.body).includes("FIRING"),
      );
    if (hit) {
      overload.delete(endpoint);
      return hit.at - conditionAt - forMs;
    }
    if (Date.now() > deadline) throw new Error(`no notification for ${endpoint} within ${forMs + 15_000} ms`);
    await sleep(5);
  }
}

await sleep(3000); // the frames consumer joined; a few normal frames first
const for0: number[] = [];
for (let i = 0; i < TRIALS_FOR_0; i++) {
  for0.push(await trial(endpoints[i]!, 150, "endpoint-over-capacity", 0));
  log(`for 0s: ${round(for0.at(-1)!)} ms`);
}
const for5: number[] = [];
for (let i = 0; i < TRIALS_FOR_5S; i++) {
  for5.push(await trial(endpoints[TRIALS_FOR_0 + i]!, 200, "endpoint-over-capacity-5s", 5000));
  log(`for 5s: ${round(for5.at(-1)!)} ms beyond the pending period`);
}
running = false;
await frames;

// Storm: STORM shop alerts published at once; time until the digests cover them all.
const stormStart = Date.now();
const chains = ["Mixue", "Heytea", "Luckin", "Nayuki"];
const storm = Array.from({ length: STORM }, (_, i) => {
  const labels = {
    alertname: "shop-over-capacity",
    severity: "warning",
    shop: String(i),
    chain: chains[i % 4]!,
    city: "Shenzhen",
  };
  return {
    v: 1 as const,
    fingerprint: fingerprint("shop-over-capacity", labels),
    rule: "shop-over-capacity",
    state: "firing" as const,
    labels,
    annotations: {},
    startsAt: stormStart,
    endsAt: null,
    value: 1 + (i % 500) / 100,
    sentAt: stormStart,
  };
});
for (let i = 0; i < storm.length; i += 5000)
  await producer.send({
    topic: topics.alerts,
    messages: storm.slice(i, i + 5000).map((a) => ({ key: a.fingerprint, value: JSON.stringify(a) })),
  });
const publishedMs = Date.now() - stormStart;
while (notifier.stats().firing < STORM) {
  if (Date.now() - stormStart > 120_000) throw new Error(`storm not ingested: ${notifier.stats().firing}`);
  await sleep(20);
}
const ingestedMs = Date.now() - stormStart;
const shopsRoute = policy.route.routes.find((r) => r.receiver === "shops-dingtalk");
const shopsGroupWait = shopsRoute?.groupWaitMs ?? 30_000;
// The first digest of each chain group comes group_wait after its first alert.
const digestsOf = () =>
  arrivals
    .filter((a) => a.path.startsWith("/dingtalk") && a.at >= stormStart)
    .map((a) => {
      const text = (a.body as { markdown: { text: string } }).markdown.text;
      return { at: a.at, firing: Number(/FIRING ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, "") ?? 0) };
    });
const deadline = stormStart + shopsGroupWait + 60_000;
while (digestsOf().length < chains.length && Date.now() < deadline) await sleep(50);
const digests = digestsOf();
const firstDigestMs = digests.length > 0 ? Math.max(...digests.map((d) => d.at)) - stormStart : Number.NaN;
const firstDigestsCount = digests.reduce((sum, d) => sum + d.firing, 0);
const stormMessages = arrivals
  .filter((a) => a.at >= stormStart)
  .filter((a) => JSON.stringify(a.body).includes("shop-over-capacity")).length;

await producer.disconnect();
await notifier.stop();
await store.close();
server.closeAllConnections();
server.close();
const admin2 = kafka.admin();
await admin2.connect();
await admin2.deleteTopics({ topics: Object.values(topics) }).catch(() => {});
await admin2.disconnect();

report(
  "alert-latency",
  {
    view_for0_p50_ms: round(quantile(for0, 0.5)),
    view_for0_max_ms: round(Math.max(...for0)),
    view_for5s_p50_ms: round(quantile(for5, 0.5)),
    view_for5s_max_ms: round(Math.max(...for5)),
    api_route_group_wait_ms: groupWaitMs,
    pipeline_p50_ms: round(quantile(for0, 0.5) - groupWaitMs),
    trials: for0.length + for5.length,
    storm_alerts: STORM,
    storm_publish_ms: publishedMs,
    storm_ingest_ms: ingestedMs,
    storm_first_digests_ms: round(firstDigestMs),
    storm_first_digests_alerts: firstDigestsCount,
    storm_messages: stormMessages,
    storm_group_wait_ms: shopsGroupWait,
  },
  "Latency = webhook request arrival - publish time of the first frame showing the condition - the rule's `for`; " +
    "includes the API route's group_wait from alerting.yaml. Frames every 1 s, event time = wall time. " +
    "Storm: shop alerts published at once to the alerts topic; ingest = deduplicated and stored; first digests = " +
    "the last of the first DingTalk messages of the 4 chain groups (due group_wait after their first alert), " +
    "with the alerts they counted; messages = every message about the storm, all receivers.",
);
process.exit(0);
