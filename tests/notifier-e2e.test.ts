/**
 * The notifier end to end with real Kafka, Postgres and HTTP receivers (intervals shortened):
 * - storm: 50,000 shop alerts on the `alerts` topic within seconds give, per receiver, at most
 *   one message per group per group interval, digests with counts and the worst shops, and a
 *   restarted notifier neither repeats nor forgets (it tells the resolutions that follow);
 * - view rules: frames with `POST /order/create` over capacity fire `endpoint-over-capacity`
 *   centrally, which inhibits the shop alerts until it resolves;
 * - hot standby: a second notifier waits on the lock and takes over when the first stops.
 */
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AlertingStore, createAlertingStore } from "../adapters/db/alerting-store";
import { createLeaderLock } from "../adapters/db/leader-lock";
import { createOutbox } from "../adapters/db/outbox";
import { createRulesStore, type RulesStore } from "../adapters/db/rules-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics, type TopicNames } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { createAddressGuard } from "../adapters/webhooks/address-guard";
import { createReceiver, type Receiver } from "../adapters/webhooks/receivers";
import type { Alert } from "../core/alerts/alert";
import { byteLength } from "../core/alerts/digest";
import type { Policy } from "../core/alerts/policy";
import { loadRuleFile } from "../scripts/load-rules";
import { createNotifier, type Notifier } from "../workers/notifier/notifier";
import { notificationFor, policyOf, resetAlertingTables, shopAlert } from "./support/alerting";
import { testEnv } from "./support/env";
import { counts, endpointLoad } from "./support/frame-factory";
import { frameAt } from "./support/frame-stream";
import { waitFor } from "./support/wait";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";

const env = testEnv();
const guard = createAddressGuard(["127.0.0.1/32"]);
let kafka: Kafka;
let store: AlertingStore;
let rulesStore: RulesStore;
let hook: WebhookReceiver;
let wecom: WebhookReceiver;
const running: Notifier[] = [];

beforeAll(async () => {
  kafka = createKafka({ brokers: env.brokers });
  store = createAlertingStore({ databaseUrl: env.databaseUrl });
  rulesStore = createRulesStore({ databaseUrl: env.databaseUrl, logger: silentLogger });
  hook = await startWebhookReceiver();
  wecom = await startWebhookReceiver(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
});
afterAll(async () => {
  for (const n of running) await n.stop();
  await hook.close();
  await wecom.close();
  await resetAlertingTables(env.databaseUrl);
  await rulesStore.close();
  await store.close();
});
beforeEach(async () => {
  await resetAlertingTables(env.databaseUrl);
  hook.requests.length = 0;
  wecom.requests.length = 0;
});

const policyYaml = (groupWait: string, groupInterval: string) => `
global: { resolve_timeout: 5m, digest_top: 10, allowed_networks: ["127.0.0.1/32"] }
route:
  receiver: hook
  group_by: [alertname]
  group_wait: ${groupWait}
  group_interval: ${groupInterval}
  repeat_interval: 1h
  routes:
    - receiver: hook
      continue: true
    - matchers: ['alertname="shop-over-capacity"']
      receiver: wecom
      group_by: [alertname, chain]
inhibit_rules:
  - source_matchers: ['alertname=~"endpoint-error-rate|endpoint-over-capacity"', 'endpoint="POST /order/create"']
    target_matchers: ['alertname="shop-over-capacity"']
receivers:
  - { name: hook, type: webhook, url_env: A, max_alerts: 20 }
  - { name: wecom, type: wecom, url_env: B, rate_limit_per_minute: 600 }
`;

async function freshTopics(label: string): Promise<TopicNames & { prefix: string }> {
  const topics = env.topics(label);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  await admin.disconnect();
  return topics;
}

function startNotifier(
  policy: Policy,
  topics: TopicNames,
  groupId: string,
  extra: Partial<Parameters<typeof createNotifier>[0]> = {},
): Notifier {
  const receivers = new Map<string, Receiver>();
  for (const r of policy.receivers) {
    const url = r.name === "hook" ? `${hook.url}/alertmanager` : `${wecom.url}/cgi-bin/webhook/send?key=k`;
    receivers.set(r.name, createReceiver(r, { url }, { guard }));
  }
  const n = createNotifier({
    kafka,
    topics,
    groupId,
    instanceId: `test-${running.length}`,
    store,
    outbox: createOutbox({ pool: store.pool }),
    rulesStore,
    policy,
    receivers,
    logger: silentLogger,
    tickMs: 100,
    sessionTimeoutMs: 6000,
    delivery: { retryBaseMs: 50, retryMaxMs: 500 },
    ...extra,
  });
  running.push(n);
  return n;
}

async function produceAlerts(topic: string, alerts: Alert[], chunk = 5000): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let i = 0; i < alerts.length; i += chunk) {
      await producer.send({
        topic,
        messages: alerts.slice(i, i + chunk).map((a) => ({ key: a.fingerprint, value: JSON.stringify(a) })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

type HookBody = {
  groupKey: string;
  status: string;
  truncatedAlerts: number;
  groupLabels: Record<string, string>;
  alerts: Array<{ status: string; labels: Record<string, string> }>;
  launchwatch: { counts: { firing: number; resolved: number } };
};
const hookBodies = () => hook.accepted().map((r) => r.json as HookBody);
const wecomContents = () =>
  wecom.accepted().map((r) => (r.json as { markdown: { content: string } }).markdown.content);
const count = (s: string, label: "FIRING" | "RESOLVED") =>
  Number(new RegExp(`${label} ([\\d,]+)`).exec(s)?.[1]?.replace(/,/g, "") ?? 0);

describe("storm", () => {
  it("50,000 shop alerts in seconds: one digest per group per interval, and a restart repeats nothing", async () => {
    const topics = await freshTopics("storm");
    const groupId = env.groupId("storm");
    const policy = policyOf(policyYaml("2s", "4s"));
    const first = startNotifier(policy, topics, groupId);
    await first.start();

    const t0 = Date.now();
    const storm = Array.from({ length: 50_000 }, (_, i) => shopAlert(i, { sentAt: t0 }));
    await produceAlerts(topics.alerts, storm);
    const produced = Date.now() - t0;
    expect(produced).toBeLessThan(60_000);

    // The digests catch up with the whole storm: 50,000 firing across the chain groups.
    await waitFor(
      () => {
        const last = new Map<string, number>();
        for (const c of wecomContents()) last.set(/chain=(\w+)/.exec(c)![1]!, count(c, "FIRING"));
        const hooked = hookBodies()
          .filter((b) => b.groupLabels.alertname === "shop-over-capacity")
          .at(-1);
        return (
          [...last.values()].reduce((a, b) => a + b, 0) === 50_000 &&
          hooked?.launchwatch.counts.firing === 50_000
        );
      },
      { what: "digests covering all 50,000 alerts", timeoutMs: 60_000 },
    );
    // Per receiver and group, messages were decided at least a group interval apart.
    const decided = new Map<string, number[]>();
    const { rows } = await store.pool.query<{ receiver: string; group_key: string; created: number }>(
      "select receiver, group_key, (payload->>'createdAt')::float8 as created from notification_outbox order by id",
    );
    for (const r of rows)
      decided.set(`${r.receiver}|${r.group_key}`, [
        ...(decided.get(`${r.receiver}|${r.group_key}`) ?? []),
        r.created,
      ]);
    expect(decided.size).toBe(5); // 4 chains to WeCom, 1 group to the webhook
    for (const times of decided.values())
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(4000);
    const elapsed = Date.now() - t0;
    for (const times of decided.values())
      expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / 4000) + 1);
    // Digests, not 50,000 lines: WeCom within 4,096 bytes, the webhook with 20 alerts and the rest counted.
    for (const c of wecomContents()) expect(byteLength(c)).toBeLessThanOrEqual(4096);
    for (const b of hookBodies()) {
      expect(b.alerts.length).toBeLessThanOrEqual(20);
      expect(b.alerts.length + b.truncatedAlerts).toBe(
        b.launchwatch.counts.firing + b.launchwatch.counts.resolved,
      );
    }
    const { rows: stored } = await store.pool.query<{ n: number }>(
      "select count(*)::int as n from alerts where state = 'firing'",
    );
    expect(stored[0]!.n).toBe(50_000);

    // Restart: the new notifier restores alerts and notification logs from Postgres.
    await first.stop();
    const messagesBefore = hook.requests.length + wecom.requests.length;
    const second = startNotifier(policy, topics, groupId);
    await second.start();
    expect(second.stats().firing).toBe(50_000);
    // Sources re-send what still fires: nothing new to tell.
    await produceAlerts(
      topics.alerts,
      storm.slice(0, 2000).map((a) => ({ ...a, sentAt: Date.now() })),
    );
    await new Promise((r) => setTimeout(r, 6000));
    expect(hook.requests.length + wecom.requests.length).toBe(messagesBefore);
    // Ten shops recover: that is news, told at the next flush of their groups.
    const now = Date.now();
    await produceAlerts(
      topics.alerts,
      storm.slice(0, 10).map((a) => ({ ...a, state: "resolved" as const, endsAt: now, sentAt: now })),
    );
    await waitFor(
      () =>
        hookBodies().some(
          (b) => b.launchwatch.counts.resolved === 10 && b.launchwatch.counts.firing === 49_990,
        ),
      { what: "the resolution of ten shops", timeoutMs: 20_000 },
    );
    await second.stop();
  }, 120_000);
});

describe("view rules", () => {
  it("fires endpoint-over-capacity from frames, inhibiting shop alerts until it resolves", async () => {
    const topics = await freshTopics("view");
    await loadRuleFile(env.databaseUrl, {
      file: "rules.yaml",
      text: `rules:
  - { id: endpoint-over-capacity, kind: endpoint_over_capacity, for: 2s, labels: { severity: critical } }
`,
    });
    const policy = policyOf(policyYaml("500ms", "2s"));
    const notifier = startNotifier(policy, topics, env.groupId("view"));
    await notifier.start();
    await produceAlerts(
      topics.alerts,
      [1, 2, 3].map((s) => shopAlert(s)),
    );

    const producer = kafka.producer();
    await producer.connect();
    const base = Math.floor(Date.now() / 1000);
    let sec = base;
    const over = (on: boolean) =>
      frameAt(sec, {
        endpoints: [
          endpointLoad("POST /order/create", {
            capacityPerSec: 1000,
            requests: { ...counts(1000), "10s": on ? 20_000 : 5000 },
          }),
        ],
      });
    const send = async (on: boolean, seconds: number) => {
      for (let i = 0; i < seconds; i++) {
        sec++;
        await producer.send({
          topic: topics.frames,
          messages: [{ key: "w1", value: JSON.stringify(over(on)) }],
        });
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await send(true, 8);
      const firing = await waitFor(
        () =>
          hookBodies().find(
            (b) => b.groupLabels.alertname === "endpoint-over-capacity" && b.status === "firing",
          ),
        { what: "the endpoint alert", timeoutMs: 15_000 },
      );
      expect(firing.alerts[0]!.labels).toMatchObject({
        endpoint: "POST /order/create",
        severity: "critical",
      });
      // Shops overload meanwhile: muted while the endpoint alert fires (their group is due after 500 ms).
      await produceAlerts(
        topics.alerts,
        [1, 2, 3].map((s) => shopAlert(s)),
      );
      await send(true, 15);
      await waitFor(() => notifier.stats().firing === 4, { what: "the shop alerts to arrive" });
      expect(notifier.stats().groups).toBeGreaterThanOrEqual(3);
      expect(wecom.requests).toHaveLength(0);
      expect(hookBodies().some((b) => b.groupLabels.alertname === "shop-over-capacity")).toBe(false);
      // The endpoint recovers: its resolution is told, and the shops are told at their next flush.
      await send(false, 4);
      await waitFor(
        () =>
          hookBodies().find(
            (b) => b.groupLabels.alertname === "endpoint-over-capacity" && b.status === "resolved",
          ),
        { what: "the endpoint resolution", timeoutMs: 15_000 },
      );
      await waitFor(() => wecom.accepted().length >= 1, {
        what: "the shop digest after the outage",
        timeoutMs: 15_000,
      });
    } finally {
      await producer.disconnect();
      await notifier.stop();
    }
    const { rows } = await store.pool.query<{ rule: string; state: string }>(
      "select rule, state from alert_events where rule = 'endpoint-over-capacity' order by id",
    );
    expect(rows.map((r) => r.state)).toEqual(["pending", "firing", "resolved"]);
  }, 90_000);
});

describe("hot standby", () => {
  it("only the lock holder notifies; a standby takes over when it stops", async () => {
    const topics = await freshTopics("standby");
    const groupId = env.groupId("standby");
    const policy = policyOf(policyYaml("0s", "1s"));
    const lockName = `lw-notifier-test:${topics.prefix}`;
    const lock = () =>
      createLeaderLock({ databaseUrl: env.databaseUrl, name: lockName, retryMs: 200, onLost: () => {} });
    const a = startNotifier(policy, topics, groupId, { lock: lock() });
    await a.start();
    const b = startNotifier(policy, topics, groupId, { lock: lock() });
    const bStarted = b.start();
    await new Promise((r) => setTimeout(r, 1000));
    expect([a.role(), b.role()]).toEqual(["leader", "standby"]);
    await a.stop();
    await bStarted;
    expect(b.role()).toBe("leader");
    // The new leader delivers what is queued.
    await store.commitFlush({
      groups: [],
      deletedGroups: [],
      notifications: [notificationFor({ receiver: "hook", groupKey: "after-failover", firing: 3 })],
    });
    await waitFor(() => hookBodies().some((h) => h.groupKey === "after-failover"), {
      what: "delivery by the standby",
    });
    await b.stop();
  }, 60_000);
});
