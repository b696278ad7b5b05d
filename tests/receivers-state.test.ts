/**
 * The receivers' state (issue 15), end to end: the real notifier process with three receivers of
 * its policy: one whose HTTP server answers 503 (retried), one that answers 410 (given up), one
 * whose URL variable is unset (disabled). The API and the Alerts page in headless Chromium show
 * each state with its error, retries and dead letters; once the notifier stops, both say it is
 * not running and no receiver reads "enabled" any more. Screenshots in test-artifacts/receivers/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../adapters/log";
import { readAlertingFile } from "../config/alerting-file";
import { type ReceiversResponse, ReceiversResponseSchema } from "../core/api/receivers";
import { ensureNextBuild } from "../server/next-app";
import { shopAlert } from "./support/alerting";
import { artifactDir, launchChromium, screenshot, signedInPage } from "./support/browser";
import { type Child, startScript } from "./support/processes";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";

const run = Math.random().toString(36).slice(2, 8);
const names = { down: `rs-down-${run}`, gone: `rs-gone-${run}`, off: `rs-off-${run}` };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lw-receivers-"));
const policyFile = path.join(dir, "alerting.yaml");
fs.writeFileSync(
  policyFile,
  `global: { resolve_timeout: 5m, allowed_networks: ["127.0.0.1/32"] }
route:
  receiver: ${names.down}
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - { matchers: ['alertname="shop-over-capacity"'], receiver: ${names.gone}, continue: true }
    - { matchers: ['severity="warning"'], receiver: ${names.off}, continue: true }
    - { matchers: ['shop="7"'], receiver: ${names.down} }
receivers:
  - { name: ${names.down}, type: webhook, url_env: LW_RS_DOWN_URL }
  - { name: ${names.gone}, type: webhook, url_env: LW_RS_GONE_URL }
  - { name: ${names.off}, type: slack, url_env: LW_RS_OFF_URL }
`,
);
const shots = artifactDir("receivers");

let web: TestWeb;
let down: WebhookReceiver;
let gone: WebhookReceiver;
let notifier: Child;
let cookie: string;
let browser: Browser;
let page: Page;

const receivers = async (): Promise<ReceiversResponse> => {
  const r = await fetch(`${web.server.url}/api/v1/receivers`, { headers: { cookie } });
  expect(r.status).toBe(200);
  return ReceiversResponseSchema.parse(await r.json());
};
const byName = (r: ReceiversResponse, name: string) => r.receivers.find((x) => x.name === name)!;

beforeAll(async () => {
  await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  down = await startWebhookReceiver(() => ({ status: 503, body: "maintenance" }));
  gone = await startWebhookReceiver(() => ({ status: 410, body: "webhook gone" }));
  web = await startTestWeb("receivers", {
    next: { mode: "production" },
    alerting: readAlertingFile(policyFile),
  });
  const viewer = await web.createUser(`rs-viewer-${run}`, "viewer");
  cookie = await web.signIn(viewer.username, viewer.password);
  notifier = startScript("workers/notifier/main.ts", [], {
    KAFKA_BROKERS: web.env.brokers.join(","),
    DATABASE_URL: web.env.databaseUrl,
    LW_TOPIC_PREFIX: web.topics.prefix,
    LW_ALERTING_FILE: policyFile,
    LW_RS_DOWN_URL: `${down.url}/hook`,
    LW_RS_GONE_URL: `${gone.url}/hook`,
    LW_NOTIFIER_GROUP: web.env.groupId("rs-notifier"),
    LW_NOTIFIER_LOCK: `rs-${web.env.runId}-${run}`,
    LW_NOTIFIER_TICK_MS: "100",
    LW_NOTIFIER_STATUS_MS: "500",
    LW_RETRY_BASE_MS: "300",
    LW_RETRY_MAX_MS: "1000",
    LW_NO_DATA_AFTER_MS: "600000",
    LW_META_ALERTS_EVERY_MS: "3600000",
    LOG_LEVEL: "info",
  });
  await waitFor(() => notifier.output().includes("notifier running"), {
    what: "the notifier to run",
    timeoutMs: 60_000,
  });
  const alert = shopAlert(7, { startsAt: Date.now() - 60_000 });
  await web.producer.send({
    topic: web.topics.alerts,
    messages: [{ key: alert.fingerprint, value: JSON.stringify(alert) }],
  });
  browser = await launchChromium();
  page = await signedInPage(browser, web.server.url, cookie);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await notifier?.stop();
  await down?.close();
  await gone?.close();
  await web?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("receivers' state", () => {
  it("the API says enabled, disabled and why, the failing receivers' errors, retries and dead letters", async () => {
    let r = await receivers();
    try {
      await waitFor(
        async () => {
          r = await receivers();
          return (
            byName(r, names.down).lastAttempt?.outcome === "retry" && byName(r, names.gone).deadLettered === 1
          );
        },
        { what: "a retried and a failed delivery", timeoutMs: 30_000 },
      );
    } catch (err) {
      throw new Error(`${String(err)}\n${JSON.stringify(r)}\n${notifier.output().slice(-1500)}`);
    }
    expect(r.notifier).toMatchObject({ state: "running", standbys: 0 });
    expect(r.notifier.leader).toBeTruthy();
    expect(byName(r, names.off)).toMatchObject({
      state: "disabled",
      type: "slack",
      disabledReason: "no URL set (LW_RS_OFF_URL)",
      lastAttempt: null,
      retriesPending: 0,
      deadLettered: 0,
    });
    expect(byName(r, names.down)).toMatchObject({
      state: "enabled",
      type: "webhook",
      target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/),
      lastAttempt: { outcome: "retry", statusCode: 503 },
      lastDeliveredAt: null,
      retriesPending: 1,
      deadLettered: 0,
    });
    expect(byName(r, names.gone)).toMatchObject({
      state: "enabled",
      lastAttempt: { outcome: "failed", statusCode: 410 },
      retriesPending: 0,
      deadLettered: 1,
    });
  });

  it("the Alerts page shows each receiver's state", async () => {
    await page.goto(`${web.server.url}/alerts`);
    const row = (name: string) => page.locator(`[data-testid=receiver][data-receiver="${name}"]`);
    await row(names.down).waitFor();
    expect(await page.locator("[data-testid=notifier-state]").getAttribute("data-state")).toBe("running");
    expect(await page.locator("[data-testid=notifier-state]").textContent()).toMatch(
      /Notifier running .* 2 of 3 receivers enabled/,
    );
    expect(await row(names.off).textContent()).toMatch(/slack.*disabled.*no URL set \(LW_RS_OFF_URL\)/);
    expect(await row(names.down).textContent()).toMatch(
      /webhook.*enabled.*failed, retrying.*503.*never delivered/,
    );
    expect(await row(names.down).locator("[data-testid=receiver-retries]").textContent()).toMatch(/^1/);
    expect(await row(names.gone).textContent()).toMatch(/failed.*410/);
    expect(await row(names.gone).locator("[data-testid=receiver-dead]").textContent()).toBe("1");
    await screenshot(page, shots, "01-receivers-running");
  });

  it("once the notifier stops, the API and the page say it is not running, not a stale enabled", async () => {
    await notifier.stop();
    const r = await receivers();
    expect(r.notifier.state).toBe("not-running");
    expect(r.receivers.map((x) => x.state)).toEqual(["unknown", "unknown", "unknown"]);
    await page.reload();
    await page.locator("[data-testid=notifier-state][data-state=not-running]").waitFor();
    expect(await page.locator("[data-testid=notifier-banner]").textContent()).toMatch(
      /The notifier is not running \(last heard from .* ago\): no alert is sent to any chat/,
    );
    expect(await page.locator("[data-testid=receiver][data-state=enabled]").count()).toBe(0);
    await screenshot(page, shots, "02-receivers-notifier-stopped");
  });
});
