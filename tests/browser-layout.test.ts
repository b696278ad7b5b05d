/**
 * The war-room screen fits the screens it is used on (issue 15): at 1440x900, 1280x800 and a
 * 390x844 phone, in headless Chromium against the real web server (production Next.js build),
 * the page never scrolls sideways, the navigation (a menu on the phone), the alert actions and
 * every overview chart are inside the viewport. The Alerts page groups the active alerts as the
 * repository's notification policy does (a digest per chain for shops), worst first, with the
 * rule's unit on each value, acknowledged and silenced marks, a refused silence's error and an
 * Expire button that is not clipped. The shop search opens, on Enter, a shop of what is typed
 * now (not the previous search's first result) and shows each result's load. Screenshots go to
 * test-artifacts/layout/. An endpoint already over capacity reads "saturated", not "in 0 s", and
 * its p99 says it covers failed requests too. The Rules page shows durations one way (`2m`, never
 * `120000`). Kiosk mode (`?kiosk=1`) shows the overview without chrome but with the pipeline's
 * state, in large type, through a reload; a chart panel goes full screen and back (Escape). The
 * war-room controls (filters, the share link, each panel's age, the annotation form, the time
 * zone) are inside the viewport too.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AlertingStore, createAlertingStore } from "../adapters/db/alerting-store";
import { silentLogger } from "../adapters/log";
import { readAlertingFile } from "../config/alerting-file";
import type { TrackedAlert } from "../core/alerts/alert-registry";
import { seedReferenceData } from "../scripts/seed";
import { ensureNextBuild } from "../server/next-app";
import { resetAlertingTables, shopAlert } from "./support/alerting";
import { artifactDir, launchChromium, screenshot } from "./support/browser";
import { endpointLoad } from "./support/frame-factory";
import { frameAt } from "./support/frame-stream";
import { startTestWeb, type TestWeb } from "./support/web";

const dir = artifactDir("layout");
const run = Math.random().toString(36).slice(2, 8);
const viewports = [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
let web: TestWeb;
let store: AlertingStore;
let browser: Browser;
let cookie: string;

const tracked = (shop: number, over: Parameters<typeof shopAlert>[1] = {}): TrackedAlert => ({
  ...shopAlert(shop, over),
  state: "firing",
  startsAt: Date.now() - 5 * 60_000,
  endsAt: null,
  lastSeenAt: 0,
  sentAt: 0,
});

beforeAll(async () => {
  await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  // Shops for the search (the default reference data, kept when already there).
  await seedReferenceData(inject("databaseUrl"));
  web = await startTestWeb("browser-layout", {
    next: { mode: "production" },
    alertPollMs: 250,
    alerting: readAlertingFile("alerting.yaml"),
  });
  store = createAlertingStore({ databaseUrl: web.env.databaseUrl });
  await resetAlertingTables(web.env.databaseUrl);
  // 12 shops over capacity in four chains (shopAlert: chain = shop % 4), one at 41.82x capacity.
  const shops = Array.from({ length: 12 }, (_, i) => tracked(100 + i));
  shops[0] = tracked(4100, { value: 41.82 });
  const endpointLabels = {
    alertname: "endpoint-error-rate",
    severity: "critical",
    endpoint: "POST /voucher/claim",
  };
  const endpoint: TrackedAlert = {
    ...tracked(0),
    fingerprint: `endpoint-${run}`,
    rule: "endpoint-error-rate",
    labels: endpointLabels,
    value: 0.449,
  };
  await store.recordTransitions(
    [...shops, endpoint].map((alert) => ({
      state: "firing" as const,
      reason: "update" as const,
      at: alert.startsAt,
      alert,
    })),
  );
  await web.server.prisma.$executeRawUnsafe(
    `insert into alert_rules (id, definition) values
      ('shop-over-capacity', '{"id":"shop-over-capacity","kind":"shop_over_capacity","for":"30s"}'),
      ('endpoint-error-rate', '{"id":"endpoint-error-rate","kind":"endpoint_error_rate","threshold":0.05,"for":120000}')
     on conflict (id) do nothing`,
  );
  const now = Math.floor(Date.now() / 1000);
  // One endpoint already over capacity (forecast 0 s: saturated) with most requests failing.
  const saturated = endpointLoad("POST /voucher/claim", { saturationInSec: 0, utilization: 1.3 });
  await web.publishFrames(
    Array.from({ length: 30 }, (_, i) => frameAt(now - 29 + i, { endpoints: [saturated] })),
  );
  const op = await web.createUser(`layout-op-${run}`, "operator");
  cookie = await web.signIn(op.username, op.password);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await resetAlertingTables(web.env.databaseUrl).catch(() => {});
  await store?.close();
  await web?.close();
});

async function pageAt(viewport: { width: number; height: number }): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport });
  const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
  await context.addCookies([{ name, value: decodeURIComponent(value), url: web.server.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return [context, page];
}

/** The page's own width beyond the viewport (0: no sideways scrolling). */
const overflowX = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Throws naming `what` unless its box lies within the viewport's width. */
async function expectInside(page: Page, selector: string, what: string) {
  const width = page.viewportSize()!.width;
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width, clipped: e.scrollWidth > e.clientWidth + 1 };
    }),
  );
  expect(boxes.length, `${what}: none found`).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.width, `${what} has no width`).toBeGreaterThan(0);
    expect(b.left, `${what} starts left of the viewport`).toBeGreaterThanOrEqual(0);
    expect(b.right, `${what} ends right of the ${width} px viewport`).toBeLessThanOrEqual(width);
    expect(b.clipped, `${what} is clipped`).toBe(false);
  }
}

describe.each(viewports)("at $width x $height", (viewport) => {
  const phone = viewport.width < 760;
  const tag = `${viewport.width}x${viewport.height}`;

  it("the Alerts page: grouped, actions and navigation in view, no sideways scrolling", async () => {
    const [context, page] = await pageAt(viewport);
    try {
      await page.goto(`${web.server.url}/alerts`);
      const groups = page.locator("[data-testid=alert-group]");
      await page
        .locator("[data-testid=alert-group-counts]")
        .getByText(/to shops-dingtalk/)
        .first()
        .waitFor();
      // Worst first: the critical endpoint group leads, open; the shop groups are one per chain.
      expect(await groups.first().textContent()).toMatch(/CRITICAL.*endpoint-error-rate.*1 alert/);
      expect(await groups.first().getAttribute("data-open")).toBe("true");
      expect(await groups.count()).toBe(5);
      const counts = await page.locator("[data-testid=alert-group-counts]").allTextContents();
      expect(counts.filter((c) => /to shops-dingtalk/.test(c)).map((c) => c.match(/^\d+/)?.[0])).toEqual([
        "3",
        "3",
        "3",
        "3",
      ]);
      expect(await page.locator("[data-testid=alert-value]").first().textContent()).toBe("45% errors");
      // Open the chain with the shop at 41.82x capacity: the value has the report's unit.
      await groups.filter({ hasText: "chain=Heytea" }).locator(".alert-group-head").click();
      await page.getByText("4,182% of capacity").waitFor();
      await expectInside(page, "[data-testid=active-alert] button", "an alert action");
      if (phone) {
        expect(await page.locator("nav.nav a").first().isVisible()).toBe(false);
        await page.locator("[data-testid=nav-toggle]").click();
      }
      await expectInside(page, "nav.nav a", "a navigation link");
      expect(await overflowX(page)).toBe(0);
      await screenshot(page, dir, `alerts-${tag}`);
    } finally {
      await context.close();
    }
  });

  it("the overview: every chart in view, no sideways scrolling", async () => {
    const [context, page] = await pageAt(viewport);
    try {
      await page.goto(`${web.server.url}/`);
      await page.locator("[data-testid=chart-orders] .recharts-surface").waitFor();
      await page.locator("[data-testid=chart-downloads] .recharts-surface").waitFor();
      await expectInside(page, "[data-testid^=chart-] .recharts-surface", "a chart");
      // The war-room controls: filters, the share link, each panel's age, the annotation form.
      await page
        .locator("[data-testid=panel-orders-age]")
        .getByText(/updated \d+ s ago/)
        .waitFor();
      await expectInside(page, "[data-testid=filter-bar] select", "a filter");
      await page.locator("[data-testid=share-button]").click();
      await expectInside(page, "[data-testid=share-button], [data-testid=share-link]", "the share link");
      await expectInside(page, ".panel-age", "a panel's age");
      await expectInside(
        page,
        "[data-testid=annotation-form] input, [data-testid=annotation-form] button",
        "the annotation form",
      );
      await expectInside(page, "[data-testid=time-zone]", "the time zone");
      if (phone) await expectInside(page, "[data-testid=nav-toggle]", "the menu button");
      else await expectInside(page, "nav.nav a", "a navigation link");
      expect(await overflowX(page)).toBe(0);
      await screenshot(page, dir, `overview-${tag}`);
    } finally {
      await context.close();
    }
  });
});

describe("silences on the Alerts page", () => {
  it("marks silenced and acknowledged alerts, says why a silence was refused, shows Expire whole", async () => {
    const [context, page] = await pageAt(viewports[0]);
    try {
      await page.goto(`${web.server.url}/alerts`);
      const first = page.locator("[data-testid=active-alert]").first();
      await first.waitFor();
      await page.fill("textarea[name=matchers]", 'endpoint=~"("');
      await page.getByRole("button", { name: "Create silence" }).click();
      expect(await page.locator("[data-testid=silence-error]").textContent()).toMatch(/^Silence refused: .+/);

      await first.getByRole("button", { name: "Acknowledge" }).click();
      await first.locator("[data-testid=alert-acked]").waitFor();
      await first.getByRole("button", { name: "Silence…" }).click();
      await page.getByRole("button", { name: "Create silence" }).click();
      await first.locator("[data-testid=alert-silenced]").waitFor();
      expect(await page.locator("[data-testid=silence-error]").count()).toBe(0);
      await expectInside(page, "[data-testid=silences] button", "the Expire button");
      expect(await overflowX(page)).toBe(0);
      await screenshot(page, dir, "alerts-silenced-1440x900");
    } finally {
      await context.close();
    }
  });
});

describe("shop search", () => {
  it("opens the shop typed now on Enter, not the previous search's first result, and shows load", async () => {
    const [context, page] = await pageAt(viewports[0]);
    try {
      const r = await fetch(`${web.server.url}/api/v1/shops?q=a&limit=50`, { headers: { cookie } });
      const { shops } = (await r.json()) as { shops: Array<{ id: number }> };
      expect(shops.length).toBeGreaterThan(1);
      const wanted = shops[shops.length - 1]!.id;
      await page.goto(`${web.server.url}/shops`);
      await page.fill("[data-testid=shop-search]", "a");
      await page.locator("[data-testid=shop-results] tbody tr").first().waitFor();
      // Enter at once, before the search of the new text has answered.
      await page.fill("[data-testid=shop-search]", String(wanted));
      await page.press("[data-testid=shop-search]", "Enter");
      await page.waitForURL(/\/shops\/\d+$/);
      expect(new URL(page.url()).pathname).toBe(`/shops/${wanted}`);
      // "Busiest first" with the load of each result (the first ones watched live; no worker
      // reports them here: tests/browser-chains-shops.test.ts has the frames that do).
      await page.goto(`${web.server.url}/shops`);
      await page.fill("[data-testid=shop-search]", "a");
      await page.locator("[data-testid=shop-result-load]").first().waitFor();
      expect(await page.locator("[data-testid=shop-result-load]").first().textContent()).toMatch(
        /%|watching: no report yet|connecting/,
      );
    } finally {
      await context.close();
    }
  });
});

describe("endpoints", () => {
  it("calls an endpoint over capacity saturated, not 'Saturates in 0 s', and says what p99 covers", async () => {
    const [context, page] = await pageAt(viewports[0]);
    try {
      await page.goto(`${web.server.url}/endpoints`);
      const cell = page
        .locator("[data-testid=endpoints] tbody tr", { hasText: "POST /voucher/claim" })
        .locator("td");
      await cell.first().waitFor();
      const text = (await cell.allTextContents()).join(" | ");
      expect(text).toContain("saturated");
      expect(text).not.toMatch(/\b0 s\b/);
      expect(await page.locator("[data-testid=endpoints] thead").textContent()).toContain(
        "p99 (all requests)",
      );
      await page.goto(`${web.server.url}/endpoints/${encodeURIComponent("POST /voucher/claim")}`);
      const kpi = page.locator("[data-testid=endpoint-saturation]");
      await kpi.getByText("saturated").waitFor();
      expect(await kpi.textContent()).toContain("at or over capacity now");
      await screenshot(page, dir, "endpoint-saturated-1440x900");
    } finally {
      await context.close();
    }
  });
});

describe("rules", () => {
  it("shows durations one way, whether stored as milliseconds or as text", async () => {
    const [context, page] = await pageAt(viewports[0]);
    try {
      await page.goto(`${web.server.url}/rules`);
      const rows = page.locator("[data-testid=rule]");
      await rows.first().waitFor();
      const byId = async (id: string) => (await rows.filter({ hasText: id }).first().textContent()) ?? "";
      expect(await byId("endpoint-error-rate")).toContain("for=2m");
      expect(await byId("endpoint-error-rate")).not.toContain("120000");
      expect(await byId("shop-over-capacity")).toContain("for=30s");
    } finally {
      await context.close();
    }
  });
});

describe("war room", () => {
  it("kiosk mode: no chrome, the pipeline state kept, large type, through a reload; a panel full screen", async () => {
    const [context, page] = await pageAt(viewports[0]);
    try {
      await page.goto(`${web.server.url}/`);
      await page.locator("[data-testid=chart-orders] .recharts-surface").waitFor();
      const normalSize = await page
        .locator(".kpi .value")
        .first()
        .evaluate((e) => getComputedStyle(e).fontSize);
      await page.goto(`${web.server.url}/?kiosk=1`);
      await page.locator("[data-testid=chart-orders] .recharts-surface").waitFor();
      await page.locator("[data-testid=kiosk-exit]").waitFor();
      expect(await page.locator("header.topbar").count()).toBe(0);
      expect(await page.locator("[data-testid=live-pill]").count()).toBe(1);
      const kioskSize = await page
        .locator(".kpi .value")
        .first()
        .evaluate((e) => getComputedStyle(e).fontSize);
      expect(Number.parseFloat(kioskSize)).toBeGreaterThan(Number.parseFloat(normalSize));
      await page.reload();
      await page.locator("[data-testid=kiosk-exit]").waitFor();
      expect(await page.locator("header.topbar").count()).toBe(0);
      await screenshot(page, dir, "kiosk-1440x900");

      const panel = page.locator("[data-testid=panel-orders]");
      await panel.getByRole("button", { name: "Full screen" }).click();
      expect(await panel.getAttribute("data-full")).toBe("true");
      const box = (await panel.boundingBox())!;
      expect(box.width).toBe(1440);
      expect(box.height).toBe(900);
      // The chart grows with its panel (Recharts follows its container's size).
      await expect
        .poll(async () => (await panel.locator(".recharts-surface").boundingBox())?.height ?? 0)
        .toBeGreaterThan(600);
      await screenshot(page, dir, "panel-full-1440x900");
      await page.keyboard.press("Escape");
      expect(await panel.getAttribute("data-full")).toBe("false");
      await page.locator("[data-testid=kiosk-exit]").click();
      await page.locator("header.topbar").waitFor();
    } finally {
      await context.close();
    }
  });
});
