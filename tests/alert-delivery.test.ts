/**
 * Delivery guarantees, against real Postgres and real HTTP receivers on 127.0.0.1:
 * - a receiver down for a (time-scaled) outage gets every group's latest state once it is back,
 *   none twice, and none of the stale states queued meanwhile;
 * - 429 + Retry-After is honoured, and a receiver's rate limit paces the messages;
 * - the notifier process killed (SIGKILL) in the middle of deliveries loses none: the restarted
 *   one re-sends what was in flight, with the same idempotency key.
 * Intervals are scaled down (retry cap 200 ms instead of 60 s) so the outage test takes seconds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AlertingStore, createAlertingStore } from "../adapters/db/alerting-store";
import { createOutbox } from "../adapters/db/outbox";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { createAddressGuard } from "../adapters/webhooks/address-guard";
import { createReceiver, type Receiver } from "../adapters/webhooks/receivers";
import type { Notification } from "../core/alerts/notification";
import { ReceiverSchema } from "../core/alerts/policy";
import { createDeliverer } from "../workers/notifier/delivery";
import { notificationFor, resetAlertingTables } from "./support/alerting";
import { testEnv } from "./support/env";
import { startScript } from "./support/processes";
import { waitFor } from "./support/wait";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";

const env = testEnv();
const guard = createAddressGuard(["127.0.0.1/32"]);
let store: AlertingStore;
let server: WebhookReceiver;

beforeAll(async () => {
  store = createAlertingStore({ databaseUrl: env.databaseUrl });
  server = await startWebhookReceiver();
});
afterAll(async () => {
  await server.close();
  await resetAlertingTables(env.databaseUrl);
  await store.close();
});
beforeEach(async () => {
  await resetAlertingTables(env.databaseUrl);
  server.requests.length = 0;
  server.respond(() => ({ status: 200 }));
});

const receiverFor = (name: string, url: string, extra: Record<string, unknown> = {}): Receiver =>
  createReceiver(ReceiverSchema.parse({ name, type: "webhook", url_env: "X", ...extra }), { url }, { guard });

const enqueue = (ns: Notification[]) =>
  store.commitFlush({ groups: [], deletedGroups: [], notifications: ns });

async function statuses(): Promise<Record<string, number>> {
  const { rows } = await store.pool.query<{ status: string; n: number }>(
    "select status, count(*)::int as n from notification_outbox group by status",
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

const bodyOf = (r: { json: unknown }) =>
  r.json as { groupKey: string; launchwatch: { counts: { firing: number; resolved: number } } };

describe("outbox delivery", () => {
  it("a receiver down for a while gets each group's latest state once it is back, none twice", async () => {
    let down = true;
    server.respond(() => (down ? { status: 503, body: "maintenance" } : { status: 200 }));
    const receivers = new Map([
      ["ops", receiverFor("ops", `${server.url}/alerts`, { rate_limit_per_minute: 60_000 })],
    ]);
    const outbox = createOutbox({ pool: store.pool });
    const deliverer = createDeliverer({
      outbox,
      receivers,
      owner: "test",
      logger: silentLogger,
      retryBaseMs: 20,
      retryMaxMs: 200,
      idleMs: 50,
    });
    deliverer.start();
    const groups = [
      "shops:Heytea",
      "shops:Luckin",
      "shops:Mixue",
      "api:POST /order/create",
      "api:GET /a",
      "launch",
    ];
    try {
      // Three states of every group are decided during the outage (one per "group interval").
      for (let v = 1; v <= 3; v++) {
        await enqueue(groups.map((g) => notificationFor({ receiver: "ops", groupKey: g, firing: v * 10 })));
        deliverer.wake();
        await new Promise((r) => setTimeout(r, 600));
      }
      expect(server.accepted()).toHaveLength(0);
      const failedAttempts = server.requests.length;
      expect(failedAttempts).toBeGreaterThan(groups.length);
      down = false;
      await waitFor(async () => (await statuses()).delivered === groups.length, { what: "deliveries" });
      await waitFor(async () => {
        const s = await statuses();
        return (s.pending ?? 0) + (s.sending ?? 0) === 0;
      });
    } finally {
      await deliverer.stop();
    }
    const accepted = server.accepted();
    expect(accepted.map((r) => bodyOf(r).groupKey).sort()).toEqual([...groups].sort());
    // The latest state (30 firing), never a stale one.
    expect(accepted.every((r) => bodyOf(r).launchwatch.counts.firing === 30)).toBe(true);
    const keys = accepted.map((r) => r.headers["idempotency-key"]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await statuses()).toEqual({ delivered: 6, superseded: 12 });
    const { rows } = await store.pool.query<{ outcome: string; n: number }>(
      "select outcome, count(*)::int as n from delivery_attempts group by outcome",
    );
    const attempts = Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
    expect(attempts.delivered).toBe(6);
    expect(attempts.retry).toBeGreaterThan(0);
  });

  it("outbox rows with unparsable payloads are counted in the delivery-failed metric (issue 16)", async () => {
    const [id] = await enqueue([notificationFor({ receiver: "ops", groupKey: "g-corrupt", firing: 1 })]);
    await store.pool.query(
      `update notification_outbox set payload = '{"not":"a notification"}' where id = $1`,
      [id],
    );
    const deliverer = createDeliverer({
      outbox: createOutbox({ pool: store.pool }),
      receivers: new Map([["ops", receiverFor("ops", `${server.url}/alerts`)]]),
      owner: "test",
      logger: silentLogger,
      idleMs: 50,
    });
    deliverer.start();
    try {
      await waitFor(async () => (await statuses()).failed === 1, { what: "the corrupt row to fail" });
      await waitFor(() => deliverer.stats().failed === 1, { what: "the failure to be counted" });
    } finally {
      await deliverer.stop();
    }
    expect(server.requests).toHaveLength(0);
  });

  it("never claims a state older than one already sent (a retry that raced the newer insert)", async () => {
    // The race, laid out: the older state went back to `pending` in a transaction that could not
    // see the newer row being inserted, and the newer one was delivered first.
    const [older, newer] = await enqueue([
      notificationFor({ receiver: "ops", groupKey: "shops:Heytea", firing: 20 }),
      notificationFor({ receiver: "ops", groupKey: "shops:Heytea", firing: 30 }),
    ]);
    await store.pool.query("update notification_outbox set status = 'pending' where id = $1", [older]);
    await store.pool.query("update notification_outbox set status = 'delivered' where id = $1", [newer]);
    const outbox = createOutbox({ pool: store.pool });
    expect(await outbox.claim({ owner: "t", limit: 10, leaseMs: 60_000 })).toEqual([]);
    const { rows } = await store.pool.query("select status from notification_outbox where id = $1", [older]);
    expect(rows[0]?.status).toBe("superseded");
  });

  it("honours 429 Retry-After instead of its own faster backoff", async () => {
    server.respond((req) =>
      req.n === 0 ? { status: 429, headers: { "retry-after": "1" }, body: "slow down" } : { status: 200 },
    );
    const deliverer = createDeliverer({
      outbox: createOutbox({ pool: store.pool }),
      receivers: new Map([["ops", receiverFor("ops", `${server.url}/h`)]]),
      owner: "test",
      logger: silentLogger,
      retryBaseMs: 20,
      retryMaxMs: 100,
      idleMs: 50,
    });
    await enqueue([notificationFor({ receiver: "ops", groupKey: "g1", firing: 1 })]);
    deliverer.start();
    try {
      await waitFor(async () => (await statuses()).delivered === 1, { what: "delivery after the 429" });
    } finally {
      await deliverer.stop();
    }
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(server.requests[1]!.headers["idempotency-key"]).toBe(
      server.requests[0]!.headers["idempotency-key"],
    );
    const { rows } = await store.pool.query("select outcome, status_code from delivery_attempts order by id");
    expect(rows).toEqual([
      { outcome: "rate_limited", status_code: 429 },
      { outcome: "delivered", status_code: 200 },
    ]);
  });

  it("paces a receiver at its rate limit (token bucket per URL)", async () => {
    const deliverer = createDeliverer({
      outbox: createOutbox({ pool: store.pool }),
      // 120 per minute: a burst of 5, then one every 500 ms.
      receivers: new Map([
        ["robot", receiverFor("robot", `${server.url}/robot`, { rate_limit_per_minute: 120 })],
      ]),
      owner: "test",
      logger: silentLogger,
      idleMs: 50,
    });
    await enqueue(
      Array.from({ length: 9 }, (_, i) =>
        notificationFor({ receiver: "robot", groupKey: `g${i}`, firing: 1 }),
      ),
    );
    deliverer.start();
    try {
      await waitFor(async () => (await statuses()).delivered === 9, { what: "paced deliveries" });
    } finally {
      await deliverer.stop();
    }
    const at = server.requests.map((r) => r.at);
    expect(at).toHaveLength(9);
    expect(at[8]! - at[0]!).toBeGreaterThanOrEqual(1900);
    for (let i = 0; i < at.length; i++)
      expect(at.filter((t) => t >= at[i]! && t < at[i]! + 1000).length).toBeLessThanOrEqual(7);
  });
});

describe("crash in the middle of delivery", () => {
  const kafka = createKafka({ brokers: env.brokers });
  let policyFile: string;
  beforeAll(() => {
    policyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lw-alerting-")), "alerting.yaml");
    fs.writeFileSync(
      policyFile,
      `global: { allowed_networks: ["127.0.0.1/32"] }
route: { receiver: ops }
receivers:
  - { name: ops, type: webhook, url_env: LW_TEST_HOOK_URL, secret_env: LW_TEST_HOOK_SECRET, timeout: 700ms }
`,
    );
  });

  it("a notifier killed with SIGKILL mid-delivery and restarted loses nothing", async () => {
    const topics = env.topics("delivery-crash");
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topics, 1);
    await admin.disconnect();
    server.respond(() => ({ status: 200, delayMs: 300 }));
    const ids = await enqueue(
      Array.from({ length: 30 }, (_, i) =>
        notificationFor({ receiver: "ops", groupKey: `group-${i}`, firing: i + 1 }),
      ),
    );
    expect(ids).toHaveLength(30);
    const childEnv = {
      KAFKA_BROKERS: env.brokers.join(","),
      DATABASE_URL: env.databaseUrl,
      LW_TOPIC_PREFIX: topics.prefix,
      LW_NOTIFIER_GROUP: env.groupId("notifier"),
      LW_ALERTING_FILE: policyFile,
      LW_TEST_HOOK_URL: `${server.url}/hook`,
      LW_TEST_HOOK_SECRET: "a-long-enough-secret",
      LW_DELIVERY_LEASE_MS: "1500",
      LW_DELIVERY_CONCURRENCY: "4",
      LW_RETRY_BASE_MS: "50",
      LW_RETRY_MAX_MS: "500",
      LOG_LEVEL: "warn",
    };
    const first = startScript("workers/notifier/main.ts", [], childEnv);
    try {
      await waitFor(() => server.requests.length >= 8, {
        what: "deliveries before the kill",
        timeoutMs: 30_000,
      });
      first.process.kill("SIGKILL");
      await new Promise((r) => first.process.once("exit", r));
    } catch (err) {
      throw new Error(`${String(err)}\n${first.output()}`);
    }
    const seenAtKill = new Set(server.requests.map((r) => r.headers["idempotency-key"]));
    const deliveredAtKill = (await statuses()).delivered ?? 0;
    expect(deliveredAtKill).toBeLessThan(30);

    const second = startScript("workers/notifier/main.ts", [], childEnv);
    try {
      await waitFor(async () => (await statuses()).delivered === 30, {
        what: "all delivered",
        timeoutMs: 40_000,
      });
    } catch (err) {
      throw new Error(`${String(err)}\n${second.output()}`);
    } finally {
      await second.stop();
    }
    const c = new pg.Client({ connectionString: env.databaseUrl });
    await c.connect();
    const { rows } = await c.query<{ k: string }>("select idempotency_key as k from notification_outbox");
    await c.end();
    const keys = server.requests.map((r) => String(r.headers["idempotency-key"]));
    // Every notification reached the receiver; a repeat only for one in flight at the kill, same key.
    expect(new Set(keys)).toEqual(new Set(rows.map((r) => r.k)));
    const repeats = keys.length - new Set(keys).size;
    // The request that triggered the kill was still waiting for its answer: it must have been re-sent.
    expect(repeats).toBeGreaterThanOrEqual(1);
    expect(repeats).toBeLessThanOrEqual(4);
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const [k, n] of counts) if (n > 1) expect(seenAtKill.has(k)).toBe(true);
    // Signed like any generic webhook.
    expect(server.requests.every((r) => String(r.headers["webhook-signature"]).startsWith("v1,"))).toBe(true);
  });
});
