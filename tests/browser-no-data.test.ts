/**
 * Every worker stops, in one test with the real processes: two aggregation workers report to
 * the web server and to the notifier process, then both are stopped. Within the configured
 * times the page says no data (the web's silent-after, 4 s here) and `no-data` reaches a real
 * HTTP receiver through the notifier (LW_NO_DATA_AFTER_MS, 6 s here), while the `watchdog`
 * heartbeat keeps arriving at its repeat interval (2 s here: production's 1 m, time-scaled),
 * before and after the stop, measured at the receiver. Screenshot in test-artifacts/no-data/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { silentLogger } from "../adapters/log";
import { FrameSchema } from "../core/frames/frame";
import { seedReferenceData } from "../scripts/seed";
import { ensureNextBuild } from "../server/next-app";
import { metaAlertsPolicyYaml, receivedAlerts, resetAlertingTables } from "./support/alerting";
import { artifactDir, launchChromium, screenshot, signedInPage } from "./support/browser";
import { type Child, startScript } from "./support/processes";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";

const shots = artifactDir("no-data");
const silentAfterMs = 4000;
const noDataAfterMs = 6000;
const watchdogEveryMs = 2000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lw-no-data-"));
const policyFile = path.join(tmp, "alerting.yaml");
fs.writeFileSync(policyFile, metaAlertsPolicyYaml("LW_TEST_HOOK_URL"));

let web: TestWeb;
let hook: WebhookReceiver;
let browser: Browser;
let page: Page;
let notifier: Child;
const workers: Child[] = [];
/** When this test last saw a frame of each worker. */
const lastFrame = new Map<string, number>();

/** Every (alertname, status) the receiver got, with when. */
const received = () => receivedAlerts(hook);

beforeAll(async () => {
  await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  hook = await startWebhookReceiver();
  // The workers need the shops (an existing seed is kept).
  await seedReferenceData(inject("databaseUrl"));
  web = await startTestWeb("no-data", {
    next: { mode: "production" },
    hub: { sourceStaleAfterMs: silentAfterMs },
  });
  await resetAlertingTables(web.env.databaseUrl);
  const frames = web.kafka.consumer({ groupId: web.env.groupId("no-data-frames") });
  await frames.connect();
  await frames.subscribe({ topic: web.topics.frames, fromBeginning: true });
  await frames.run({
    eachMessage: async ({ message }) => {
      lastFrame.set(FrameSchema.parse(JSON.parse(String(message.value))).source, Date.now());
    },
  });
  const env = {
    KAFKA_BROKERS: web.env.brokers.join(","),
    DATABASE_URL: web.env.databaseUrl,
    LW_TOPIC_PREFIX: web.topics.prefix,
    LOG_LEVEL: "warn",
  };
  notifier = startScript("workers/notifier/main.ts", [], {
    ...env,
    LOG_LEVEL: "info",
    LW_ALERTING_FILE: policyFile,
    LW_TEST_HOOK_URL: `${hook.url}/alertmanager`,
    LW_NOTIFIER_GROUP: web.env.groupId("no-data-notifier"),
    LW_NOTIFIER_LOCK: `no-data-${web.env.runId}`,
    LW_NOTIFIER_TICK_MS: "100",
    LW_NO_DATA_AFTER_MS: String(noDataAfterMs),
    LW_META_ALERTS_EVERY_MS: "250",
  });
  for (const id of ["nd-worker-a", "nd-worker-b"])
    workers.push(
      startScript("workers/aggregator/main.ts", [], {
        ...env,
        LW_WORKER_GROUP: web.env.groupId("no-data-agg"),
        LW_WORKER_ID: id,
      }),
    );
  await waitFor(async () => notifier.output().includes("notifier running"), {
    what: "the notifier to run",
    timeoutMs: 90_000,
  });
  const user = await web.createUser(`nodata-${web.env.runId.slice(-6)}`, "viewer");
  browser = await launchChromium();
  page = await signedInPage(browser, web.server.url, await web.signIn(user.username, user.password));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  for (const w of workers) await w.stop();
  await notifier?.stop();
  await hook?.close();
  if (web) await resetAlertingTables(web.env.databaseUrl).catch(() => {});
  await web?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("every worker stops", () => {
  it("the page says no data and no-data reaches the receiver in time, the watchdog beating throughout", async () => {
    await page.goto(`${web.server.url}/`);
    const pill = page.locator("[data-testid=live-pill]");
    await waitFor(async () => /^Live · 2 workers/.test((await pill.textContent()) ?? ""), {
      timeoutMs: 120_000,
      what: "both workers reporting",
    }).catch(async (err) => {
      const outs = workers.map((w) => w.output().slice(-600)).join("\n---\n");
      throw new Error(
        `${err.message}: pill "${await pill.textContent()}", frames ${JSON.stringify([...lastFrame])}: ${outs}`,
      );
    });
    await waitFor(async () => received().filter((a) => a.name === "watchdog").length >= 2, {
      timeoutMs: 30_000,
      what: "the watchdog at the receiver",
    });
    expect(received().filter((a) => a.name === "no-data")).toEqual([]);

    // Every worker stops.
    await Promise.all(workers.map((w) => w.stop()));
    const stoppedAt = Math.max(...lastFrame.values());
    const beforeStop = received().length;

    await page.locator("[data-testid=live-pill][data-state=no-data]").waitFor({ timeout: 30_000 });
    const pageAfterMs = Date.now() - stoppedAt;
    await expect(pill.textContent()).resolves.toMatch(/^No data from 2 workers for \d+ s$/);
    // No KPI presents a live number while no worker reports.
    // The total counted up to the last frame stands, tagged; no rate is shown.
    await expect(page.locator("[data-testid=kpi-total] .tag.none").textContent()).resolves.toBe("NO DATA");
    await expect(page.locator("[data-testid=kpi-total]").textContent()).resolves.toMatch(
      /counted up to the last frame/,
    );
    for (const id of ["kpi-orders", "kpi-api", "kpi-downloads"]) {
      await expect(page.locator(`[data-testid=${id}] .tag.none`).textContent()).resolves.toBe("NO DATA");
      await expect(page.locator(`[data-testid=${id}] .value`).textContent()).resolves.toMatch(/^–(\/s)?$/);
    }
    await expect(page.locator(".page-head .sub").first().textContent()).resolves.toMatch(
      /^0 workers reporting · .*No data from 2 workers/,
    );
    await screenshot(page, shots, "01-overview-no-data");

    await waitFor(
      async () =>
        ["nd-worker-a", "nd-worker-b"].every((w) =>
          received().some((a) => a.name === "no-data" && a.worker === w && a.status === "firing"),
        ),
      { timeoutMs: 30_000, what: "no-data for both workers at the receiver" },
    );
    const alertAfterMs =
      Math.max(
        ...["nd-worker-a", "nd-worker-b"].map(
          (w) => received().find((a) => a.name === "no-data" && a.worker === w && a.status === "firing")!.at,
        ),
      ) - stoppedAt;

    // The heartbeat goes on after the stop: four more, then the gaps over the whole test.
    await waitFor(
      async () =>
        received()
          .slice(beforeStop)
          .filter((a) => a.name === "watchdog").length >= 4,
      { timeoutMs: 30_000, what: "four watchdog heartbeats after the stop" },
    );
    const beats = received().filter((a) => a.name === "watchdog");
    expect(beats.every((a) => a.status === "firing")).toBe(true);
    const gaps = beats.slice(1).map((b, i) => b.at - beats[i]!.at);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    console.log(
      `[browser-no-data] page said no data ${pageAfterMs} ms after the last frame (silent after ${silentAfterMs} ms); ` +
        `no-data at the receiver after ${alertAfterMs} ms (LW_NO_DATA_AFTER_MS ${noDataAfterMs}); ` +
        `watchdog gaps ${gaps.join(", ")} ms, mean ${Math.round(mean)} (repeat ${watchdogEveryMs} ms); load ${os.loadavg()[0]!.toFixed(2)}`,
    );
    // Measured from when this test's consumer got the last frame, which may be some ms after the
    // web's and the notifier's consumers did: the lower bounds allow for that.
    expect(pageAfterMs).toBeGreaterThanOrEqual(silentAfterMs - 500);
    expect(pageAfterMs).toBeLessThan(silentAfterMs + 3000);
    expect(alertAfterMs).toBeGreaterThanOrEqual(noDataAfterMs - 500);
    expect(alertAfterMs).toBeLessThan(noDataAfterMs + 3000);
    // A receiver expecting the heartbeat every interval never waits two intervals, and hears it
    // at the interval on average (a late delivery is followed by a shorter gap: the schedule is
    // the notifier's, the delivery's latency varies with the machine's load).
    expect(Math.max(...gaps)).toBeLessThan(watchdogEveryMs * 2);
    expect(mean).toBeGreaterThan(watchdogEveryMs * 0.8);
    expect(mean).toBeLessThan(watchdogEveryMs * 1.25);
  }, 300_000);
});
