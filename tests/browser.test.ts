/**
 * The dashboard in headless Chromium against the real stack: the launch simulator produces
 * events to Kafka, a real aggregation worker (child process) turns them into frames, and the
 * web server (production Next.js build, in-process) serves pages and Socket.IO. The test signs
 * in, watches live numbers change, finds a shop by search and opens it, and reads an
 * endpoint's error chart. Screenshots of every page (dark and light) go to test-artifacts/browser/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { silentLogger } from "../adapters/log";
import { seedReferenceData } from "../scripts/seed";
import { ensureNextBuild } from "../server/next-app";
import { artifactDir, launchChromium, screenshot } from "./support/browser";
import { type Child, startScript } from "./support/processes";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

const dir = artifactDir("browser");
let web: TestWeb;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const children: Child[] = [];

async function kpiText(p: Page, id: string): Promise<string | null> {
  const el = p.locator(`[data-testid=${id}] .value`);
  return (await el.count()) ? el.textContent() : null;
}

beforeAll(async () => {
  const t0 = Date.now();
  const build = await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  console.log(
    `[browser.test] next build ${build.built ? "ran" : "reused"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  // The simulator and the worker assume the default reference data (kept when already there).
  // Forced: other test files load their own small shop sets into the same database.
  await seedReferenceData(inject("databaseUrl"), { force: true });
  web = await startTestWeb("browser", { next: { mode: "production" } });
  // The run's database is shared by every test file, and workers started without LW_STREAM store
  // their snapshots as the `live` stream this web backfills its live charts from: another file's
  // flat, minutes-old series would be this page's first curves (the full suite failed on that).
  // This test watches a launch of its own, so it starts from no live history, as a fresh install.
  await web.server.prisma.frameSnapshot.deleteMany({ where: { group: "live" } });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await browser?.close();
  for (const c of children) await c.stop();
  await web?.close();
});

function startFeed() {
  const env = {
    KAFKA_BROKERS: web.env.brokers.join(","),
    DATABASE_URL: web.env.databaseUrl,
    LW_TOPIC_PREFIX: web.topics.prefix,
    LOG_LEVEL: "warn",
  };
  children.push(
    startScript("workers/aggregator/main.ts", [], {
      ...env,
      LW_WORKER_GROUP: web.env.groupId("browser-agg"),
      LW_WORKER_ID: "browser-worker",
    }),
  );
  // 5 % of the launch's volume at 5x speed: a few thousand events a second, kind to two cores.
  children.push(
    startScript(
      "simulator/cli.ts",
      ["--speed", "5", "--duration", "2h", "--scale", "0.05", "--progress-ms", "0"],
      env,
    ),
  );
}

describe("dashboard in a browser", () => {
  it("refuses pages without a session", async () => {
    const anon = await browser.newContext();
    const p = await anon.newPage();
    await p.goto(`${web.server.url}/endpoints`);
    expect(new URL(p.url()).pathname).toBe("/login");
    expect(new URL(p.url()).searchParams.get("next")).toBe("/endpoints");
    await expect(p.locator("[data-testid=sign-in]").isVisible()).resolves.toBe(true);
    await screenshot(p, dir, "01-login");
    await anon.close();
  });

  it("signs in and watches live numbers change on the overview", async () => {
    const user = await web.createUser("oncall", "operator");
    await page.goto(web.server.url);
    await page.fill("#username", user.username);
    await page.fill("#password", "not the password");
    await page.click("button[type=submit]");
    await expect(page.locator(".form-error").textContent()).resolves.toMatch(/Wrong username or password/);
    await page.fill("#password", user.password);
    await page.click("button[type=submit]");
    await page.waitForURL(`${web.server.url}/`);

    // No worker yet: the empty state says what is missing and what to run.
    await page.locator("[data-testid=banner]").waitFor();
    await expect(page.locator("[data-testid=banner]").textContent()).resolves.toMatch(
      /Waiting for the first frame.*npm run worker/s,
    );
    await screenshot(page, dir, "02-overview-waiting");

    startFeed();
    await page.locator("[data-testid=kpi-orders] .value").waitFor({ timeout: 90_000 });
    const first = await kpiText(page, "kpi-total");
    const changed = await waitFor(
      async () => {
        const now = await kpiText(page, "kpi-total");
        return now !== null && now !== first && now;
      },
      { timeoutMs: 60_000, everyMs: 500, what: "the orders total to change" },
    );
    expect(changed).not.toBe(first);
    await expect(page.locator("[data-testid=live-pill]").textContent()).resolves.toMatch(/Live/);
    // The live chart appends points: its line grows while the page stays put.
    const chartPath = page.locator("[data-testid=chart-orders] .recharts-area-curve").first();
    const d1 = await chartPath.getAttribute("d");
    const d2 = await waitFor(
      async () => {
        const d = await chartPath.getAttribute("d");
        return d !== d1 && d;
      },
      { timeoutMs: 30_000, what: "the orders chart to move" },
    );
    expect(d2).not.toBe(d1);
    await expect(page.locator("[data-testid=top-shops] tbody tr").count()).resolves.toBeGreaterThan(0);
    await page.waitForTimeout(3000);
    await screenshot(page, dir, "03-overview-dark");

    await page.click("[data-testid=theme-toggle]");
    await expect(page.locator("html").getAttribute("data-theme")).resolves.toBe("light");
    await screenshot(page, dir, "04-overview-light");
    await page.click("[data-testid=theme-toggle]");

    // History: the range picker reads persisted snapshots.
    await page.getByRole("button", { name: "15 min" }).click();
    await page
      .getByText(/history · \d+s buckets|history/)
      .first()
      .waitFor();
    await page
      .locator("[data-testid=chart-orders] .recharts-area-curve")
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, dir, "05-overview-15min");
    await page.getByRole("button", { name: "Live" }).click();
  });

  it("finds a shop by search and opens it", async () => {
    // The most overloaded shop right now: it surely has orders for the drill-down to show.
    const top =
      (
        await page.locator("[data-testid=top-shops] tbody tr td:first-child a").first().textContent()
      )?.trim() ?? "";
    const id = top.replace("#", "");
    await page.click("nav >> text=Shops");
    await page.waitForURL(/\/shops$/);
    await page.fill("[data-testid=shop-search]", "Heytea");
    await page.locator("[data-testid=shop-results] tbody tr").first().waitFor();
    await screenshot(page, dir, "06-shop-search");
    await page.fill("[data-testid=shop-search]", id);
    const hit = page.locator("[data-testid=shop-results] tbody tr a", { hasText: top });
    await hit.waitFor();
    await expect(page.locator("[data-testid=shop-results] tbody tr").count()).resolves.toBe(1);
    await hit.click();
    await page.waitForURL(new RegExp(`/shops/${id}$`));
    // The heading gains chain and city with the first update of the shop's room.
    await page.locator("h1", { hasText: `Shop ${top} · ` }).waitFor();
    // The web tier publishes the watched shop; the worker adds it to its frames.
    await page.locator("[data-testid=shop-rate] .value").waitFor({ timeout: 60_000 });
    await page.locator("[data-testid=chart-shop-rate]").waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2000);
    await screenshot(page, dir, "07-shop");
  });

  it("shows an endpoint's error chart", async () => {
    await page.click("nav >> text=Endpoints");
    await page.locator("[data-testid=endpoints] tbody tr").first().waitFor();
    await screenshot(page, dir, "08-endpoints");
    await page.getByRole("link", { name: "POST /order/create" }).click();
    await page.waitForURL(/\/endpoints\/POST%20%2Forder%2Fcreate$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("POST /order/create");
    const errors = page.locator("[data-testid=chart-endpoint-errors] .recharts-area-curve");
    await errors.first().waitFor({ timeout: 30_000 });
    expect(await errors.first().getAttribute("d")).toMatch(/^M/);
    await expect(page.locator("[data-testid=endpoint-errors] .value").textContent()).resolves.toMatch(/%$/);
    await page.locator("[data-testid=chart-endpoint-latency]").waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2000);
    await screenshot(page, dir, "09-endpoint");
  });

  it("sorts the chain breakdown and renders the other pages", async () => {
    await page.click("nav >> text=Chains");
    const rows = page.locator("[data-testid=breakdown] tbody tr");
    await rows.first().waitFor();
    await page.getByRole("button", { name: /^Name/ }).click();
    const names = await page.locator("[data-testid=breakdown] tbody tr td:first-child").allInnerTexts();
    expect(names.length).toBeGreaterThan(2);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await screenshot(page, dir, "10-chains");
    await page.click("nav >> text=Cities");
    await page.locator("[data-testid=breakdown] tbody tr").first().waitFor();
    await screenshot(page, dir, "11-cities");
    await page.click("nav >> text=Alerts");
    await page.getByText(/alert/i).first().waitFor();
    await screenshot(page, dir, "12-alerts");
    await page.click("nav >> text=Account");
    await page.getByText("API tokens").waitFor();
    await screenshot(page, dir, "13-account");
  });

  it("says the numbers are frozen when the worker stops", async () => {
    await page.click("nav >> text=Overview");
    await page.locator("[data-testid=kpi-orders]").waitFor();
    await children[0]!.stop();
    const banner = page.locator("[data-testid=banner]", { hasText: "No frame from the aggregation workers" });
    await banner.waitFor({ timeout: 30_000 });
    await expect(banner.textContent()).resolves.toMatch(
      /numbers are\s*frozen since \d\d:\d\d:\d\d.*npm run worker/s,
    );
    await expect(page.locator("[data-testid=live-pill]").textContent()).resolves.toMatch(/Stale/);
    await screenshot(page, dir, "14-overview-stale");
  });
});
