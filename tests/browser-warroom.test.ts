/**
 * The war-room screen during a launch (issue 15), in headless Chromium against the real web
 * server (production Next.js build) with a worker's frames arriving every second:
 * - kiosk mode of the overview: no chrome, the pipeline's state and the time zone in the corner,
 *   every panel saying how old its data is ("updated N s ago");
 * - an annotation (a deploy marker) added through the API appears at once on every chart of the
 *   overview, a panel full screen included, and one added from the page's form too;
 * - a chain filter: the cards show that chain's orders against its shops' capacity, a number the
 *   frames do not break down by chain reads "–" with the reason (never 0), the overloaded shops
 *   are that chain's; kept through a reload, onto another page, and carried with the range by
 *   the share link opened in a new browser.
 * Screenshots in test-artifacts/warroom/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { silentLogger } from "../adapters/log";
import { seedReferenceData } from "../scripts/seed";
import { ensureNextBuild } from "../server/next-app";
import { artifactDir, launchChromium, screenshot } from "./support/browser";
import { counts, endpointLoad, shopLoad } from "./support/frame-factory";
import { frameAt } from "./support/frame-stream";
import { startTestWeb, type TestWeb } from "./support/web";

const dir = artifactDir("warroom");
const run = Math.random().toString(36).slice(2, 8);
const viewport = { width: 1440, height: 900 };
let web: TestWeb;
let browser: Browser;
let cookie: string;
let feed: ReturnType<typeof setInterval> | undefined;

/** One worker's frame for the second `sec`: two chains, two endpoints, two overloaded shops. */
const launchFrame = (sec: number) =>
  frameAt(
    sec,
    {
      emittedAt: Date.now(),
      byChain: { Luckin: counts(4), Mixue: counts(6) },
      byCity: { Shenzhen: counts(7), Xiamen: counts(3) },
      topShops: [
        shopLoad(11, { chain: "Mixue", city: "Shenzhen", ratePerMin: 12 }),
        shopLoad(22, { chain: "Luckin", city: "Xiamen" }),
      ],
      endpoints: [endpointLoad("POST /voucher/claim"), endpointLoad("GET /menu", { utilization: 0.4 })],
    },
    {
      api: {
        "POST /voucher/claim": { requests: 100, errors: 5, retries: 2 },
        "GET /menu": { requests: 48, errors: 0, retries: 0 },
      },
    },
  );

beforeAll(async () => {
  await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  // Shops of the reference data, so a chain's capacity is known.
  await seedReferenceData(inject("databaseUrl"));
  web = await startTestWeb("browser-warroom", { next: { mode: "production" } });
  // Other files' workers store `live` snapshots in the run's database, which the overview
  // backfills its live charts from: this test watches a launch of its own.
  await web.server.prisma.frameSnapshot.deleteMany({ where: { group: "live" } });
  let sec = Math.floor(Date.now() / 1000) - 20;
  await web.publishFrames(Array.from({ length: 20 }, () => launchFrame(sec++)));
  feed = setInterval(() => {
    sec = Math.max(sec + 1, Math.floor(Date.now() / 1000));
    void web.publishFrames([launchFrame(sec)]).catch(() => {});
  }, 1000);
  const op = await web.createUser(`warroom-op-${run}`, "operator");
  cookie = await web.signIn(op.username, op.password);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  if (feed) clearInterval(feed);
  await browser?.close();
  await web?.close();
});

/** A signed-in page in a browser context of its own, in Shanghai's time zone. */
async function newPage(): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport, timezoneId: "Asia/Shanghai" });
  const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
  await context.addCookies([{ name, value: decodeURIComponent(value), url: web.server.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return [context, page];
}

const charts = "[data-testid^=chart-]:has(.recharts-surface)";

describe("the war room during a launch", () => {
  it("kiosk mode: no chrome, state and time zone shown, each panel's age; an annotation from the API on every chart, full screen too", async () => {
    const [context, page] = await newPage();
    try {
      await page.goto(`${web.server.url}/?kiosk=1`);
      await page.locator("[data-testid=chart-orders] .recharts-surface").waitFor();
      await page.locator("[data-testid=kiosk-exit]").waitFor();
      expect(await page.locator("header.topbar").count()).toBe(0);
      await page.locator("[data-testid=live-pill][data-state=live]").waitFor();
      expect(await page.locator("[data-testid=time-zone]").textContent()).toBe(
        "Times in Asia/Shanghai (GMT+8)",
      );
      // Every chart panel says how old its data is, and it is fresh.
      for (const id of ["panel-orders", "panel-downloads", "panel-endpoints", "panel-saturation"]) {
        const age = page.locator(`[data-testid=${id}-age]`);
        await expect.poll(() => age.textContent()).toMatch(/^ ?updated \d+ s ago$/);
        expect(await age.getAttribute("data-stale")).toBe("false");
      }
      const chartCount = await page.locator(charts).count();
      expect(chartCount).toBe(4); // orders, downloads, two endpoints

      const r = await fetch(`${web.server.url}/api/v1/annotations`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: web.server.url },
        body: JSON.stringify({ text: `claim-service v2 ${run}`, kind: "deploy" }),
      });
      expect(r.status).toBe(201);
      // Pushed over the socket: on every chart once the charts reach its second, no reload.
      await expect
        .poll(() => page.locator(`${charts}:has(.annotation-mark)`).count(), { timeout: 15_000 })
        .toBe(chartCount);
      expect(
        await page.locator("[data-testid=chart-orders] [data-testid=chart-annotations]").textContent(),
      ).toBe(`deploy: claim-service v2 ${run}`);
      // The marker's label is drawn on the chart itself.
      expect(await page.locator("[data-testid=chart-orders] .recharts-surface").textContent()).toContain(
        `claim-service v2 ${run}`,
      );
      // The chart's tooltip names the zone of its times.
      const surface = page.locator("[data-testid=chart-orders] .recharts-surface");
      const box = (await surface.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      await expect
        .poll(() => page.locator(".chart-tooltip .t").first().textContent())
        .toMatch(/^\d\d:\d\d:\d\d GMT\+8$/);
      await screenshot(page, dir, "01-kiosk-overview");

      const panel = page.locator("[data-testid=panel-orders]");
      await panel.getByRole("button", { name: "Full screen" }).click();
      expect(await panel.getAttribute("data-full")).toBe("true");
      const full = (await panel.boundingBox())!;
      expect([full.width, full.height]).toEqual([1440, 900]);
      await expect
        .poll(async () => (await panel.locator(".recharts-surface").boundingBox())?.height ?? 0)
        .toBeGreaterThan(600);
      expect(await panel.locator(".annotation-mark").count()).toBe(1);
      expect(await panel.locator("[data-testid=panel-orders-age]").textContent()).toMatch(
        /updated \d+ s ago/,
      );
      await screenshot(page, dir, "02-kiosk-panel-full-screen");
      await page.keyboard.press("Escape");
      expect(await panel.getAttribute("data-full")).toBe("false");

      // One from the page's own form: listed, and on the charts too.
      await page.fill("[aria-label='Annotation text']", `scaled the menu service ${run}`);
      await page.getByRole("button", { name: "Add", exact: true }).click();
      await page
        .locator("[data-testid=annotation-list]")
        .getByText(`scaled the menu service ${run}`)
        .waitFor();
      await expect
        .poll(() => page.locator("[data-testid=chart-orders] .annotation-mark").count(), { timeout: 15_000 })
        .toBe(2);
    } finally {
      await context.close();
    }
  });

  it("a chain filter: that chain's numbers or '–' with the reason; kept through a reload, onto another page and in the share link", async () => {
    const [context, page] = await newPage();
    try {
      await page.goto(`${web.server.url}/`);
      await page.locator("[data-testid=chart-orders] .recharts-surface").waitFor();
      await page.locator("[data-testid=filter-chain] option[value=Luckin]").waitFor({ state: "attached" });
      await page.selectOption("[data-testid=filter-chain]", "Luckin");
      await page.waitForURL(/[?&]chain=Luckin/);

      const checkLuckin = async () => {
        const orders = page.locator("[data-testid=kpi-orders]");
        // Luckin's 40 orders in the 10-s window: 4 a second, against its own shops' capacity.
        await expect.poll(() => orders.locator(".value").textContent()).toBe("4.00/s");
        expect(await orders.locator(".detail").textContent()).toMatch(/shops can make [\d.]+[kM]?\/s/);
        // Shops over capacity are counted over all shops only: no number, the reason instead.
        const shops = page.locator("[data-testid=kpi-shops]");
        expect(await shops.locator(".value").textContent()).toBe("–");
        expect(await shops.locator("[data-testid=filter-reason]").textContent()).toBe(
          "shops over capacity are not broken down by chain in the frames",
        );
        expect(await page.locator("[data-testid=kpi-api] .value").textContent()).toBe("–");
        // The per-second series are not per chain: the reason where the chart was.
        expect(
          await page.locator("[data-testid=panel-orders] [data-testid=filter-reason]").textContent(),
        ).toContain("per-second orders are not broken down by chain in the frames");
        expect(await page.locator("[data-testid=chart-orders]").count()).toBe(0);
        // The overloaded shops of that chain only.
        const rows = page.locator("[data-testid=top-shops] tbody tr");
        await expect.poll(() => rows.count()).toBe(1);
        expect(await rows.first().textContent()).toContain("#22");
        expect(await page.locator("[data-testid=filter-chain]").inputValue()).toBe("Luckin");
      };
      await checkLuckin();
      await screenshot(page, dir, "03-chain-filter");

      await page.reload();
      await page.locator("[data-testid=kpi-orders]").waitFor();
      await checkLuckin();

      // Onto another page and back: the link drops the query, the filter goes back into the URL.
      await page.locator("nav.nav a", { hasText: "Shops" }).click();
      await page.waitForURL(/\/shops\?(.*&)?chain=Luckin/);
      await page.locator("nav.nav a", { hasText: "Overview" }).click();
      await page.waitForURL(/\/\?(.*&)?chain=Luckin/);

      // The share link carries the range and the filter; opened in another browser, the same view.
      await page.getByRole("button", { name: "1 h", exact: true }).click();
      await page.waitForURL(/range=1h/);
      await page.locator("[data-testid=share-button]").click();
      const link = await page.locator("[data-testid=share-link]").inputValue();
      const shared = new URL(link);
      expect(shared.searchParams.get("chain")).toBe("Luckin");
      expect(shared.searchParams.get("range")).toBe("1h");
      const [other, second] = await newPage();
      try {
        await second.goto(link);
        await second.locator("[data-testid=kpi-orders]").waitFor();
        expect(await second.locator("[data-testid=filter-chain]").inputValue()).toBe("Luckin");
        expect(
          await second.getByRole("button", { name: "1 h", exact: true }).getAttribute("aria-pressed"),
        ).toBe("true");
        await expect
          .poll(() => second.locator("[data-testid=kpi-orders] .value").textContent())
          .toBe("4.00/s");
        await screenshot(second, dir, "04-shared-link");
      } finally {
        await other.close();
      }
      // Back to all chains: the chain's numbers give way to the launch's.
      await page.selectOption("[data-testid=filter-chain]", "");
      await expect.poll(() => new URL(page.url()).searchParams.get("chain")).toBeNull();
      await expect.poll(() => page.locator("[data-testid=kpi-shops] .value").textContent()).toMatch(/^2of /);
    } finally {
      await context.close();
    }
  });
});
