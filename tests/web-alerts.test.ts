/**
 * The dashboard's alerting API against the real web server (port 0) and the test database:
 * roles (viewers read, operators act), rule edits validated by the rule schema, acknowledgement
 * and silence round-trips, the delivery log, and the live alerts room fed from the store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AlertingStore, createAlertingStore } from "../adapters/db/alerting-store";
import { createOutbox } from "../adapters/db/outbox";
import type { TrackedAlert } from "../core/alerts/alert-registry";
import { AlertsResponseSchema, DeliveriesResponseSchema } from "../core/api/alerting";
import { notificationFor, resetAlertingTables, shopAlert } from "./support/alerting";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

let web: TestWeb;
let store: AlertingStore;
let url: string;
let viewer: string;
let operator: string;
const run = Math.random().toString(36).slice(2, 8);
const startsAt = 1_770_000_000_000;
const firing: TrackedAlert = {
  ...shopAlert(7),
  state: "firing",
  startsAt,
  endsAt: null,
  lastSeenAt: 0,
  sentAt: 0,
};
const alertId = `${firing.fingerprint}:${startsAt}`;

const call = (cookie: string, method: string, path: string, body?: unknown) =>
  fetch(url + path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  web = await startTestWeb("alerts", { alertPollMs: 100 });
  url = web.server.url;
  store = createAlertingStore({ databaseUrl: web.env.databaseUrl });
  await resetAlertingTables(web.env.databaseUrl);
  await store.recordTransitions([
    { state: "firing", reason: "update", at: startsAt, alert: firing },
    {
      state: "firing",
      reason: "update",
      at: startsAt - 60_000,
      alert: { ...firing, ...shopAlert(8), state: "firing", startsAt: startsAt - 60_000 },
    },
  ]);
  await store.recordTransitions([
    {
      state: "resolved",
      reason: "update",
      at: startsAt - 1000,
      alert: {
        ...firing,
        ...shopAlert(8),
        state: "resolved",
        startsAt: startsAt - 60_000,
        endsAt: startsAt - 1000,
      },
    },
  ]);
  await web.server.prisma.$executeRawUnsafe(
    `insert into alert_rules (id, definition, source) values ('shop-over-capacity', '{"id":"shop-over-capacity","kind":"shop_over_capacity","for":"30s","factor":1.2}', 'file')`,
  );
  const v = await web.createUser(`alerts-viewer-${run}`, "viewer");
  const o = await web.createUser(`alerts-operator-${run}`, "operator");
  viewer = await web.signIn(v.username, v.password);
  operator = await web.signIn(o.username, o.password);
});

afterAll(async () => {
  await resetAlertingTables(web.env.databaseUrl).catch(() => {});
  await store?.close();
  await web?.close();
});

describe("alerting API", () => {
  it("lists active alerts and history, and the annotations of a range", async () => {
    expect((await fetch(`${url}/api/v1/alerts`)).status).toBe(401);
    const r = await call(viewer, "GET", "/api/v1/alerts");
    expect(r.status).toBe(200);
    // Parsed with the contract the dashboard parses with (core/api/alerting.ts).
    const body = AlertsResponseSchema.parse(await r.json());
    expect(body.active.map((a) => a.id)).toEqual([alertId]);
    expect(body.history.map((a) => a.state)).toEqual(["firing", "resolved"]);
    const byLabel = (await (await call(viewer, "GET", "/api/v1/alerts?label=shop=8")).json()) as {
      active: unknown[];
      history: unknown[];
    };
    expect([byLabel.active.length, byLabel.history.length]).toEqual([0, 1]);
    expect((await call(viewer, "GET", "/api/v1/alerts?state=nope")).status).toBe(400);

    const ev = await call(
      viewer,
      "GET",
      `/api/v1/alerts/events?from=${startsAt - 120_000}&to=${startsAt + 1}`,
    );
    const events = ((await ev.json()) as { events: Array<{ state: string; at: number }> }).events;
    expect(events.map((e) => [e.state, e.at])).toEqual([
      ["firing", startsAt - 60_000],
      ["resolved", startsAt - 1000],
      ["firing", startsAt],
    ]);
    // Shop 8 fired before this range and resolved inside it: no firing event, but open at `from`.
    const late = (await (
      await call(viewer, "GET", `/api/v1/alerts/events?from=${startsAt - 30_000}&to=${startsAt}`)
    ).json()) as { events: Array<{ state: string }>; openAtFrom: Array<{ labels: Record<string, string> }> };
    expect(late.events.map((e) => e.state)).toEqual(["resolved"]);
    expect(late.openAtFrom.map((a) => a.labels.shop)).toEqual(["8"]);
    expect((await call(viewer, "GET", "/api/v1/alerts/events?from=10&to=5")).status).toBe(400);
  });

  it("feeds the live alerts room from the store", async () => {
    const view = await waitFor(
      () => {
        const u = web.server.hub.update("alerts", null, Date.now());
        return u?.kind === "alerts" && u.view?.source === "connected" && u.view.alerts.length ? u.view : null;
      },
      { timeoutMs: 5000 },
    );
    expect(view.alerts[0]).toMatchObject({
      id: alertId,
      severity: "warning",
      subject: "shop:7",
      since: startsAt,
    });
  });

  it("acknowledges as an operator only, and shows the ack live", async () => {
    expect((await call(viewer, "POST", `/api/v1/alerts/${encodeURIComponent(alertId)}/ack`, {})).status).toBe(
      403,
    );
    const ack = await call(operator, "POST", `/api/v1/alerts/${encodeURIComponent(alertId)}/ack`, {
      comment: "on it",
    });
    expect(ack.status).toBe(204);
    const after = AlertsResponseSchema.parse(await (await call(viewer, "GET", "/api/v1/alerts")).json());
    expect(after.active[0]?.ack).toMatchObject({ by: `alerts-operator-${run}`, comment: "on it" });
    const u = web.server.hub.update("alerts", null, Date.now());
    expect(u?.kind === "alerts" ? u.view?.alerts[0]?.acknowledgedBy : null).toBe(`alerts-operator-${run}`);

    expect((await call(operator, "DELETE", `/api/v1/alerts/${encodeURIComponent(alertId)}/ack`)).status).toBe(
      204,
    );
    expect((await call(operator, "DELETE", `/api/v1/alerts/${encodeURIComponent(alertId)}/ack`)).status).toBe(
      404,
    );
    const unknown = await call(operator, "POST", "/api/v1/alerts/nope%3A1/ack", {});
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/alertId: no alert/);
  });

  it("creates and expires silences as an operator", async () => {
    const input = { matchers: ['shop="7"'], durationMinutes: 30, comment: "known" };
    expect((await call(viewer, "POST", "/api/v1/silences", input)).status).toBe(403);
    const bad = await call(operator, "POST", "/api/v1/silences", { ...input, matchers: ['shop=~".*"'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^matchers:/);
    const created = await call(operator, "POST", "/api/v1/silences", input);
    expect(created.status).toBe(201);
    const { silence } = (await created.json()) as {
      silence: { id: string; createdBy: string; matchers: string[] };
    };
    expect(silence).toMatchObject({ createdBy: `alerts-operator-${run}`, matchers: ['shop="7"'] });

    const active = async () =>
      (
        (await (await call(viewer, "GET", "/api/v1/silences?active=true")).json()) as {
          silences: Array<{ id: string }>;
        }
      ).silences;
    expect((await active()).map((s) => s.id)).toEqual([silence.id]);
    expect((await call(viewer, "POST", `/api/v1/silences/${silence.id}/expire`)).status).toBe(403);
    expect((await call(operator, "POST", `/api/v1/silences/${silence.id}/expire`)).status).toBe(204);
    expect(await active()).toEqual([]);
    expect((await call(operator, "POST", `/api/v1/silences/${silence.id}/expire`)).status).toBe(404);
  });

  it("takes a silence's length as a duration (core/time/duration.ts) instead of minutes", async () => {
    const base = { matchers: ['shop="8"'], comment: "" };
    const r = await call(operator, "POST", "/api/v1/silences", { ...base, duration: "1h30m" });
    expect(r.status).toBe(201);
    const { silence } = (await r.json()) as { silence: { id: string; startsAt: number; endsAt: number } };
    expect(silence.endsAt - silence.startsAt).toBe(5_400_000);
    await call(operator, "POST", `/api/v1/silences/${silence.id}/expire`);
    for (const body of [
      { ...base, duration: "90 minutes" },
      { ...base, duration: "8d" },
      { ...base, duration: "1h", durationMinutes: 60 },
      base,
    ])
      expect((await call(operator, "POST", "/api/v1/silences", body)).status).toBe(400);
  });

  it("shows the delivery log", async () => {
    await store.commitFlush({
      groups: [],
      deletedGroups: [],
      notifications: [notificationFor({ receiver: `ops-${run}`, groupKey: "g1", firing: 2 })],
    });
    const outbox = createOutbox({ pool: store.pool });
    const [row] = await outbox.claim({ owner: "t", limit: 10, leaseMs: 10_000 });
    await outbox.settle(row!, {
      owner: "t",
      outcome: "failed",
      statusCode: 404,
      durationMs: 5,
      error: "HTTP 404: no such webhook",
      retryInMs: 0,
    });
    const r = await call(viewer, "GET", `/api/v1/deliveries?receiver=ops-${run}`);
    expect(r.status).toBe(200);
    const { deliveries } = DeliveriesResponseSchema.parse(await r.json());
    expect(deliveries).toEqual([
      expect.objectContaining({
        receiver: `ops-${run}`,
        status: "failed",
        attempts: 1,
        lastError: "HTTP 404: no such webhook",
      }),
    ]);
  });

  it("edits a rule as an operator, validated, stored with source ui", async () => {
    const rules = async () =>
      (
        (await (await call(viewer, "GET", "/api/v1/rules")).json()) as {
          rules: Array<{
            id: string;
            source: string;
            updatedBy: string | null;
            definition: Record<string, unknown>;
          }>;
        }
      ).rules;
    expect((await rules()).map((r) => [r.id, r.source])).toEqual([["shop-over-capacity", "file"]]);
    const rule = {
      id: "shop-over-capacity",
      kind: "shop_over_capacity",
      for: "2m",
      factor: 1.5,
      enabled: false,
    };
    expect((await call(viewer, "PUT", "/api/v1/rules/shop-over-capacity", rule)).status).toBe(403);

    const bad = await call(operator, "PUT", "/api/v1/rules/shop-over-capacity", { ...rule, for: "soon" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^for: a duration/);
    const renamed = await call(operator, "PUT", "/api/v1/rules/shop-over-capacity", { ...rule, id: "other" });
    expect(renamed.status).toBe(400);
    expect(
      (await call(operator, "PUT", "/api/v1/rules/no-such-rule", { ...rule, id: "no-such-rule" })).status,
    ).toBe(404);

    const ok = await call(operator, "PUT", "/api/v1/rules/shop-over-capacity", rule);
    expect(ok.status).toBe(200);
    expect(await rules()).toEqual([
      expect.objectContaining({ source: "ui", updatedBy: `alerts-operator-${run}`, definition: rule }),
    ]);
  });
});
