/**
 * The Alerts and Rules pages in headless Chromium against the real web server (production
 * Next.js build) and the test database, without Kafka traffic: an alert and a failed delivery
 * written through the alerting store appear on the page; an operator acknowledges and silences the
 * alert, sees it marked on the overview's orders chart, and sees a bad rule edit refused with the field named. Screenshots go to test-artifacts/browser/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AlertingStore, createAlertingStore } from "../adapters/db/alerting-store";
import { createOutbox } from "../adapters/db/outbox";
import { silentLogger } from "../adapters/log";
import type { TrackedAlert } from "../core/alerts/alert-registry";
import { ensureNextBuild } from "../server/next-app";
import { notificationFor, resetAlertingTables, shopAlert } from "./support/alerting";
import { artifactDir, launchChromium, screenshot } from "./support/browser";
import { frameAt } from "./support/frame-stream";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

const dir = artifactDir("browser");
const run = Math.random().toString(36).slice(2, 8);
let web: TestWeb;
let store: AlertingStore;
let browser: Browser;
let page: Page;
/** When the suite's alert started firing (5 minutes before the suite). */
let startsAt = 0;

beforeAll(async () => {
  await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  web = await startTestWeb("browser-alerts", { next: { mode: "production" }, alertPollMs: 250 });
  store = createAlertingStore({ databaseUrl: web.env.databaseUrl });
  await resetAlertingTables(web.env.databaseUrl);
  startsAt = Date.now() - 5 * 60_000;
  const alert: TrackedAlert = {
    ...shopAlert(42, { labels: { ...shopAlert(42).labels, severity: "critical" } }),
    state: "firing",
    startsAt,
    endsAt: null,
    lastSeenAt: 0,
    sentAt: 0,
  };
  await store.recordTransitions([{ state: "firing", reason: "update", at: startsAt, alert }]);
  await store.commitFlush({
    groups: [],
    deletedGroups: [],
    notifications: [notificationFor({ receiver: `ops-chat-${run}`, groupKey: "g1", firing: 1 })],
  });
  const outbox = createOutbox({ pool: store.pool });
  const [row] = await outbox.claim({ owner: "t", limit: 10, leaseMs: 10_000 });
  await outbox.settle(row!, {
    owner: "t",
    outcome: "failed",
    statusCode: 410,
    durationMs: 4,
    error: "HTTP 410: webhook gone",
    retryInMs: 0,
  });
  await web.server.prisma.$executeRawUnsafe(
    `insert into alert_rules (id, definition) values ('shop-over-capacity', '{"id":"shop-over-capacity","kind":"shop_over_capacity","for":"30s"}')`,
  );
  const op = await web.createUser(`alerts-op-${run}`, "operator");
  const cookie = await web.signIn(op.username, op.password);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
  await context.addCookies([{ name, value: decodeURIComponent(value), url: web.server.url }]);
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await browser?.close();
  await resetAlertingTables(web.env.databaseUrl).catch(() => {});
  await store?.close();
  await web?.close();
});

describe("alerts in a browser", () => {
  it("shows the active alert and the delivery log, acknowledges and silences", async () => {
    await page.goto(`${web.server.url}/alerts`);
    const row = page.locator("[data-testid=active-alert]");
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toMatch(/CRITICAL.*shop-over-capacity.*shop:42/);
    const log = page.locator("[data-testid=deliveries]");
    await log.waitFor();
    expect(await log.textContent()).toMatch(new RegExp(`ops-chat-${run}.*failed.*HTTP 410: webhook gone`));
    await screenshot(page, dir, "20-alerts");

    await row.first().getByRole("button", { name: "Acknowledge" }).click();
    await page.getByText(`acked by alerts-op-${run}`).waitFor();

    // Silence… pre-fills the matchers from the alert.
    await row.first().getByRole("button", { name: "Silence…" }).click();
    expect(await page.inputValue("textarea[name=matchers]")).toBe(
      'alertname="shop-over-capacity"\nshop="42"',
    );
    await page.getByRole("button", { name: "Create silence" }).click();
    await page
      .locator("[data-testid=silences]")
      .getByText('alertname="shop-over-capacity", shop="42"')
      .waitFor();
  });

  it("marks the firing alert on the overview's orders chart", async () => {
    const now = Math.floor(Date.now() / 1000);
    await web.publishFrames(Array.from({ length: 20 }, (_, i) => frameAt(now - 19 + i)));
    await page.goto(`${web.server.url}/`);
    const chart = page.locator("[data-testid=chart-orders]");
    await chart.locator("[data-testid=chart-alerts]").waitFor();
    expect(await chart.locator("[data-testid=chart-alerts]").textContent()).toBe("alert: shop-over-capacity");
    expect(await chart.locator(".recharts-reference-area").count()).toBe(1);
    // The active alerts panel says how long the alert has fired (it started 5 minutes before the
    // suite), the exact start on hover, and the age moves on by itself (issue 15).
    const age = page.locator("[data-testid=panel-alerts] [data-testid=alert-firing-for]");
    expect(await age.textContent()).toMatch(/^firing [5-9]m$/);
    const title = (await age.getAttribute("title")) ?? "";
    const start = new Date(startsAt).toISOString().replace("T", " ").slice(0, 19);
    expect(title).toMatch(new RegExp(`^firing since ${start} UTC \\([5-9]m \\d+s\\)$`));
    await waitFor(async () => (await age.getAttribute("title")) !== title, {
      timeoutMs: 5_000,
      what: "the age to move on",
    });
    await screenshot(page, dir, "22-overview-alert-span");
  });

  it("refuses a bad rule edit and names the field", async () => {
    await page.goto(`${web.server.url}/rules`);
    await page.locator("[data-testid=rule]").getByRole("button", { name: "Edit" }).click();
    await page.fill("input[name=for]", "soon");
    await page.getByRole("button", { name: "Save" }).click();
    expect(await page.locator(".form-error").textContent()).toMatch(/^for: a duration/);
    await screenshot(page, dir, "21-rules-invalid");
  });
});
