/**
 * Launchwatch as an Alertmanager, against the real web server, the real notifier process, Kafka,
 * Postgres, an HTTP receiver and Debian's `amtool` (package prometheus-alertmanager):
 * - an alert posted as Prometheus posts it (plain HTTP, Alertmanager's JSON, an API token)
 *   reaches the receiver in the same digest as a Launchwatch shop alert, grouped by the route's
 *   `group_by: [severity]`, and resolves when posted again with `endsAt` in the past;
 * - amtool lists the alerts, adds a silence (which Launchwatch's own silence list shows and which
 *   hides the alert from `amtool alert query`), lists it, expires it, and shows the config.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAlertingFile } from "../config/alerting-file";
import { AlertsResponseSchema } from "../core/api/alerting";
import { resetAlertingTables, shopAlert } from "./support/alerting";
import { type Child, startScript } from "./support/processes";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";

const run = promisify(execFile);
const amtoolPath = "/usr/bin/amtool";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lw-amtool-"));
const policyFile = path.join(dir, "alerting.yaml");
fs.writeFileSync(
  policyFile,
  `global: { resolve_timeout: 5m, allowed_networks: ["127.0.0.1/32"] }
route:
  receiver: hook
  group_by: [severity]
  group_wait: 2s
  group_interval: 2s
  repeat_interval: 1h
  routes:
    - matchers: ['alertname="watchdog"']
      receiver: devnull
receivers:
  - { name: hook, type: webhook, url_env: LW_TEST_HOOK_URL }
  - { name: devnull, type: webhook, url_env: LW_TEST_UNSET_URL }
`,
);

let web: TestWeb;
let hook: WebhookReceiver;
let notifier: Child;
let url: string;
let token: string;
const httpConfig = path.join(dir, "http.yaml");

const amtool = async (...args: string[]) => {
  const r = await run(
    amtoolPath,
    [`--alertmanager.url=${url}`, `--http.config.file=${httpConfig}`, ...args],
    { timeout: 30_000 },
  );
  return r.stdout;
};

beforeAll(async () => {
  if (!fs.existsSync(amtoolPath))
    throw new Error("amtool is missing: install Debian's prometheus-alertmanager (npm test does as root)");
  hook = await startWebhookReceiver();
  web = await startTestWeb("alertmanager", { alertPollMs: 200, alerting: readAlertingFile(policyFile) });
  url = web.server.url;
  await resetAlertingTables(web.env.databaseUrl);
  const op = await web.createUser(`am-operator-${Math.random().toString(36).slice(2, 8)}`, "operator");
  const cookie = await web.signIn(op.username, op.password);
  const t = await fetch(`${url}/api/v1/tokens`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: url },
    body: JSON.stringify({ name: "prometheus" }),
  });
  expect(t.status).toBe(201);
  token = ((await t.json()) as { token: string }).token;
  // As Alertmanager's http_config, which amtool reads.
  fs.writeFileSync(httpConfig, `authorization:\n  type: Bearer\n  credentials: ${token}\n`);
  notifier = startScript("workers/notifier/main.ts", [], {
    KAFKA_BROKERS: web.env.brokers.join(","),
    DATABASE_URL: web.env.databaseUrl,
    LW_TOPIC_PREFIX: web.topics.prefix,
    LW_ALERTING_FILE: policyFile,
    LW_TEST_HOOK_URL: `${hook.url}/alertmanager`,
    LW_NOTIFIER_GROUP: web.env.groupId("am-notifier"),
    LW_NOTIFIER_LOCK: `am-${web.env.runId}-${Math.random()}`,
    LW_NOTIFIER_TICK_MS: "100",
    LW_NO_DATA_AFTER_MS: "600000",
    // No meta-alerts (watchdog) during the test: the lists below hold exactly the test's alerts.
    LW_META_ALERTS_EVERY_MS: "3600000",
    LW_SILENCES_REFRESH_MS: "500",
    LOG_LEVEL: "info",
  });
  await waitFor(() => notifier.output().includes("notifier running"), {
    what: "the notifier to run",
    timeoutMs: 60_000,
  });
}, 180_000);

afterAll(async () => {
  await notifier?.stop();
  await hook?.close();
  if (web) await resetAlertingTables(web.env.databaseUrl).catch(() => {});
  await web?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type HookBody = {
  status: string;
  groupLabels: Record<string, string>;
  alerts: Array<{
    status: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    generatorURL: string;
  }>;
};
const bodies = () => hook.accepted().map((r) => r.json as HookBody);

/** As Prometheus sends alerts: POST of a JSON array, `endsAt` a few evaluation intervals ahead. */
const postAsPrometheus = (endsAt: number, auth = `Bearer ${token}`) =>
  fetch(`${url}/api/v2/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: auth },
    body: JSON.stringify([
      {
        labels: { alertname: "CheckoutLatencyHigh", severity: "warning", service: "checkout" },
        annotations: { summary: "p99 of checkout above 2 s" },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        generatorURL: "http://prometheus.example:9090/graph?g0.expr=checkout_p99",
      },
    ]),
  });

describe("Alertmanager intake", () => {
  it("a Prometheus alert joins Launchwatch's own in one group of the route's group_by; amtool lists both", async () => {
    expect((await postAsPrometheus(Date.now() + 240_000, "")).status).toBe(401);
    const own = shopAlert(7, { sentAt: Date.now() }); // severity=warning, as the workers publish it
    await web.producer.send({
      topic: web.topics.alerts,
      messages: [{ key: own.fingerprint, value: JSON.stringify(own) }],
    });
    const posted = await postAsPrometheus(Date.now() + 240_000);
    expect(posted.status).toBe(200);

    const both = await waitFor(
      () =>
        bodies().find(
          (b) =>
            b.status === "firing" &&
            b.alerts.some((a) => a.labels.alertname === "CheckoutLatencyHigh") &&
            b.alerts.some((a) => a.labels.alertname === "shop-over-capacity"),
        ),
      { what: `one digest with both alerts (${notifier.output().slice(-500)})`, timeoutMs: 30_000 },
    );
    expect(both.groupLabels).toEqual({ severity: "warning" });
    // The Prometheus alert keeps its generatorURL and, having no measured value, shows none.
    const prom = both.alerts.find((a) => a.labels.alertname === "CheckoutLatencyHigh")!;
    expect(prom.generatorURL).toBe("http://prometheus.example:9090/graph?g0.expr=checkout_p99");
    expect(prom.annotations.value).toBeUndefined();
    expect(
      both.alerts.find((a) => a.labels.alertname === "shop-over-capacity")!.annotations.value,
    ).toBeDefined();

    // amtool lists both (as stored by the notifier), with their receivers.
    const listed = await waitFor(
      async () => {
        const out = JSON.parse(await amtool("alert", "query", "-o", "json")) as Array<{
          labels: Record<string, string>;
          receivers: Array<{ name: string }>;
          status: { state: string };
        }>;
        return out.length >= 2 && out;
      },
      { what: "amtool alert query to list both", timeoutMs: 20_000 },
    );
    const names = listed.map((a) => a.labels.alertname).sort();
    expect(names).toEqual(["CheckoutLatencyHigh", "shop-over-capacity"]);
    for (const a of listed) {
      expect(a.receivers).toEqual([{ name: "hook" }]);
      expect(a.status.state).toBe("active");
    }
    // Grafana's Alertmanager data source reads groups and receivers: the notifier's grouping.
    const get = async (path: string) =>
      (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
    const groups = (await get("/api/v2/alerts/groups")) as Array<{
      labels: Record<string, string>;
      receiver: { name: string };
      alerts: Array<{ labels: Record<string, string> }>;
    }>;
    expect(groups.map((g) => [g.receiver.name, g.labels, g.alerts.length])).toEqual([
      ["hook", { severity: "warning" }, 2],
    ]);
    expect(await get("/api/v2/receivers")).toEqual([{ name: "hook" }, { name: "devnull" }]);
    // Stored as posted from outside: the dashboard shows no value for it ("–"), the shop alert's it does.
    const v1 = AlertsResponseSchema.parse(
      await (await fetch(`${url}/api/v1/alerts`, { headers: { authorization: `Bearer ${token}` } })).json(),
    );
    expect(v1.active.map((a) => [a.labels.alertname, a.external]).sort()).toEqual([
      ["CheckoutLatencyHigh", true],
      ["shop-over-capacity", false],
    ]);
    await waitFor(
      () => {
        const u = web.server.hub.update("alerts", null, Date.now());
        const list = u?.kind === "alerts" ? (u.view?.alerts ?? []) : [];
        const prom = list.find((a) => a.labels.alertname === "CheckoutLatencyHigh");
        return (
          prom && prom.value === null && list.some((a) => a.rule === "shop-over-capacity" && a.value !== null)
        );
      },
      { what: "the live alerts room without a value for the Prometheus alert" },
    );
    expect(await amtool("alert", "query", "service=checkout")).toContain("CheckoutLatencyHigh");
    expect(await amtool("alert", "query", "service=checkout")).not.toContain("shop-over-capacity");
  });

  it("amtool adds, lists and expires a silence, which is Launchwatch's own silence", async () => {
    const id = (
      await amtool(
        "silence",
        "add",
        "alertname=CheckoutLatencyHigh",
        "--comment=deploy in progress",
        "--duration=1h",
      )
    ).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await amtool("silence", "query", "-q")).toContain(id);
    expect(await amtool("silence", "query", "alertname=CheckoutLatencyHigh")).toContain("deploy in progress");
    expect(await amtool("silence", "query", "-q", "alertname=other")).not.toContain(id);

    // The same object in Launchwatch's own API, and it silences the alert.
    const own = await fetch(`${url}/api/v1/silences?active=true`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const silences = ((await own.json()) as { silences: Array<{ id: string; matchers: string[] }> }).silences;
    expect(silences.find((s) => s.id === id)?.matchers).toEqual(['alertname="CheckoutLatencyHigh"']);
    const unsilenced = await amtool("alert", "query");
    expect(unsilenced).not.toContain("CheckoutLatencyHigh");
    expect(unsilenced).toContain("shop-over-capacity");
    const withSilenced = JSON.parse(await amtool("alert", "query", "--silenced", "-o", "json")) as Array<{
      labels: Record<string, string>;
      status: { state: string; silencedBy: string[] };
    }>;
    expect(withSilenced.find((a) => a.labels.alertname === "CheckoutLatencyHigh")?.status).toMatchObject({
      state: "suppressed",
      silencedBy: [id],
    });

    await amtool("silence", "expire", id);
    expect(await amtool("silence", "query", "-q")).not.toContain(id);
    expect(await amtool("silence", "query", "-q", "--expired")).toContain(id);
    expect(await amtool("alert", "query")).toContain("CheckoutLatencyHigh");
    // Expiring it again is a 404, as for any silence that is not in force.
    await expect(amtool("silence", "expire", id)).rejects.toThrow();
  });

  it("amtool shows the policy from /api/v2/status", async () => {
    const out = await amtool("config", "show");
    expect(out).toContain("group_by: [severity]");
  });

  it("an alert posted again with endsAt in the past resolves at the receiver", async () => {
    expect((await postAsPrometheus(Date.now() - 1000)).status).toBe(200);
    await waitFor(
      () =>
        bodies().find((b) =>
          b.alerts.some((a) => a.labels.alertname === "CheckoutLatencyHigh" && a.status === "resolved"),
        ),
      { what: "the resolution at the receiver", timeoutMs: 30_000 },
    );
  });
});
