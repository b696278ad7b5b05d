/**
 * What the dashboard will call (adapters/db/alerting-queries.ts) and the rules loader, against
 * the real Postgres schema: alert history and chart annotations, silences, acknowledgements, the
 * delivery log; `rules:load` keeping UI edits unless forced.
 */
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAlertingQueries } from "../adapters/db/alerting-queries";
import { type AlertingStore, createAlertingStore } from "../adapters/db/alerting-store";
import { createOutbox } from "../adapters/db/outbox";
import type { AlertTransition, TrackedAlert } from "../core/alerts/alert-registry";
import { InvalidInputError } from "../core/errors";
import { loadRuleFile } from "../scripts/load-rules";
import { notificationFor, resetAlertingTables, shopAlert } from "./support/alerting";
import { testEnv } from "./support/env";

const env = testEnv();
let store: AlertingStore;
let pool: pg.Pool;
const q = () => createAlertingQueries(pool);

beforeAll(() => {
  store = createAlertingStore({ databaseUrl: env.databaseUrl });
  pool = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
});
afterAll(async () => {
  await resetAlertingTables(env.databaseUrl);
  await pool.end();
  await store.close();
});
beforeEach(() => resetAlertingTables(env.databaseUrl));

const tracked = (shop: number, startsAt: number): TrackedAlert => {
  const a = shopAlert(shop);
  return { ...a, state: "firing", startsAt, endsAt: null, lastSeenAt: 0, sentAt: 0 };
};
const transition = (
  a: TrackedAlert,
  state: AlertTransition["state"],
  at: number,
  reason: AlertTransition["reason"] = "update",
): AlertTransition => ({
  state,
  reason,
  at,
  alert: {
    ...a,
    state: state === "resolved" ? "resolved" : "firing",
    endsAt: state === "resolved" ? at : null,
  },
});

describe("alert history", () => {
  it("lists episodes and the state changes for chart annotations", async () => {
    const a = tracked(1, 1000);
    const b = tracked(2, 5000);
    await store.recordTransitions([transition(a, "pending", 500), transition(a, "firing", 1000)]);
    await store.recordTransitions([
      transition(b, "firing", 5000),
      transition(a, "resolved", 9000, "timeout"),
    ]);
    // A retried batch changes nothing: the resolved episode stays resolved.
    await store.recordTransitions([transition(a, "firing", 1000)]);

    const all = await q().listAlerts();
    expect(all.map((r) => [r.labels.shop, r.state])).toEqual([
      ["2", "firing"],
      ["1", "resolved"],
    ]);
    expect(all[1]).toMatchObject({
      id: `${a.fingerprint}:1000`,
      endsAt: 9000,
      resolvedBy: "timeout",
      ack: null,
    });
    expect((await q().listAlerts({ state: "firing" })).map((r) => r.labels.shop)).toEqual(["2"]);
    // Episodes overlapping [9500, 20000): only b (a ended at 9000).
    expect((await q().listAlerts({ from: 9500, to: 20_000 })).map((r) => r.labels.shop)).toEqual(["2"]);
    expect(await q().listAlerts({ rule: "no-such-rule" })).toEqual([]);

    const events = await q().listAlertEvents({ from: 0, to: 10_000 });
    expect(events.map((e) => [e.labels.shop, e.state, e.at])).toEqual([
      ["1", "firing", 1000],
      ["2", "firing", 5000],
      ["1", "resolved", 9000],
    ]);
    const withPending = await q().listAlertEvents({ from: 0, to: 2000, states: ["pending"] });
    expect(withPending.map((e) => e.at)).toEqual([500]);
    await expect(q().listAlerts({ limit: 0 })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("acknowledges an episode, replaces the ack, and refuses unknown ones", async () => {
    const a = tracked(7, 42);
    await store.recordTransitions([transition(a, "firing", 42)]);
    const id = `${a.fingerprint}:42`;
    await q().acknowledge({ alertId: id, by: "lin", comment: "calling the shop" });
    await q().acknowledge({ alertId: id, by: "wei" });
    const [row] = await q().listAlerts();
    expect(row?.ack).toMatchObject({ by: "wei", comment: "" });
    await expect(q().acknowledge({ alertId: "nope:1", by: "x" })).rejects.toThrow(/no alert/);
    expect(await q().unacknowledge(id)).toBe(true);
    expect((await q().listAlerts())[0]?.ack).toBeNull();
  });
});

describe("silences", () => {
  it("creates, lists, expires, and feeds the notifier only those still in force", async () => {
    const now = Date.now();
    const s = await q().createSilence(
      {
        matchers: ['chain="Heytea"', 'shop=~"1.*"'],
        endsAt: now + 3_600_000,
        createdBy: "lin",
        comment: "refit",
      },
      now,
    );
    expect(s.matchers).toEqual(['chain="Heytea"', 'shop=~"1.*"']);
    expect((await q().listSilences({ active: true, now })).map((x) => x.id)).toEqual([s.id]);
    const loaded = await store.loadSilences(now);
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.matchers.map((m) => m.op)).toEqual(["=", "=~"]);

    await expect(
      q().createSilence({ matchers: ['shop=~".*"'], endsAt: now + 1000, createdBy: "x" }, now),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      q().createSilence({ matchers: ['chain="A"'], endsAt: now - 1, createdBy: "x" }, now),
    ).rejects.toThrow(/endsAt/);

    expect(await q().expireSilence(s.id, now + 1000)).toBe(true);
    expect(await q().expireSilence(s.id, now + 2000)).toBe(false);
    expect(await q().listSilences({ active: true, now: now + 1500 })).toEqual([]);
    expect(await q().listSilences()).toHaveLength(1);
    expect(await store.loadSilences(now + 1500)).toEqual([]);
    expect(await q().expireSilence("not-a-uuid")).toBe(false);
  });
});

describe("delivery log", () => {
  it("shows each notification with its attempts", async () => {
    const outbox = createOutbox({ pool: store.pool });
    await store.commitFlush({
      groups: [],
      deletedGroups: [],
      notifications: [notificationFor({ receiver: "ops", groupKey: "g1", firing: 12, resolved: 3 })],
    });
    const [row] = await outbox.claim({ owner: "t", limit: 10, leaseMs: 10_000 });
    await outbox.settle(row!, {
      owner: "t",
      outcome: "retry",
      statusCode: 503,
      durationMs: 12,
      error: "HTTP 503",
      retryInMs: 0,
    });
    const [again] = await outbox.claim({ owner: "t", limit: 10, leaseMs: 10_000 });
    await outbox.settle(again!, {
      owner: "t",
      outcome: "delivered",
      statusCode: 200,
      durationMs: 8,
      error: null,
      retryInMs: 0,
    });
    const [d] = await q().listDeliveries({ receiver: "ops" });
    expect(d).toMatchObject({
      receiver: "ops",
      groupKey: "g1",
      status: "delivered",
      attempts: 2,
      lastError: null,
      summary: { status: "firing", firing: 12, resolved: 3 },
    });
    expect(d!.log.map((l) => [l.outcome, l.statusCode])).toEqual([
      ["retry", 503],
      ["delivered", 200],
    ]);
    expect(await q().listDeliveries({ status: "failed" })).toEqual([]);
  });
});

describe("rules:load", () => {
  const file = (extra = "") => `rules:
  - { id: shop-over-capacity, kind: shop_over_capacity, for: 2m }
  - { id: endpoint-error-rate, kind: endpoint_error_rate, threshold: 0.05, for: 1m }
${extra}`;
  const rows = async () =>
    Object.fromEntries(
      (
        await pool.query<{ id: string; source: string; definition: { for: number } }>(
          "select id, source, definition from alert_rules",
        )
      ).rows.map((r) => [r.id, { source: r.source, for: r.definition.for }]),
    );

  it("loads the file, keeps UI edits unless forced, and drops rules removed from the file", async () => {
    const extra = "  - { id: download-surge, kind: download_surge, perSecond: 300 }\n";
    expect(await loadRuleFile(env.databaseUrl, { text: file(extra), file: "r.yaml" })).toMatchObject({
      inserted: ["shop-over-capacity", "endpoint-error-rate", "download-surge"],
    });
    expect(await loadRuleFile(env.databaseUrl, { text: file(extra), file: "r.yaml" })).toMatchObject({
      unchanged: ["shop-over-capacity", "endpoint-error-rate", "download-surge"],
    });
    // An operator edits a rule in the UI and creates one of their own.
    await pool.query(
      `update alert_rules set source = 'ui', definition = jsonb_set(definition, '{for}', '300000') where id = 'shop-over-capacity'`,
    );
    await pool.query(
      `insert into alert_rules (id, definition, source) values ('my-rule', '{"id":"my-rule","kind":"download_surge","perSecond":9}', 'ui')`,
    );
    const r = await loadRuleFile(env.databaseUrl, { text: file(), file: "r.yaml" });
    expect(r).toMatchObject({ keptUi: ["shop-over-capacity"], deleted: ["download-surge"] });
    expect(await rows()).toEqual({
      "shop-over-capacity": { source: "ui", for: 300_000 },
      "endpoint-error-rate": { source: "file", for: 60_000 },
      "my-rule": { source: "ui", for: undefined },
    });
    const dry = await loadRuleFile(env.databaseUrl, {
      text: file(),
      file: "r.yaml",
      force: true,
      dryRun: true,
    });
    expect(dry.updated).toEqual(["shop-over-capacity"]);
    expect((await rows())["shop-over-capacity"]).toEqual({ source: "ui", for: 300_000 });
    await loadRuleFile(env.databaseUrl, { text: file(), file: "r.yaml", force: true });
    expect((await rows())["shop-over-capacity"]).toEqual({ source: "file", for: 120_000 });
    expect((await rows())["my-rule"]?.source).toBe("ui");
  });

  it("rejects a bad file with the path of the bad field and changes nothing", async () => {
    await loadRuleFile(env.databaseUrl, { text: file(), file: "r.yaml" });
    const bad = file("  - { id: p99, kind: endpoint_latency_p99, thresholdMs: -5 }\n");
    await expect(loadRuleFile(env.databaseUrl, { text: bad, file: "alert-rules.yaml" })).rejects.toThrow(
      /alert-rules\.yaml: rules\[2\]\.thresholdMs/,
    );
    expect(Object.keys(await rows()).sort()).toEqual(["endpoint-error-rate", "shop-over-capacity"]);
  });
});
