/**
 * A product lead reviews the launch in headless Chromium against the real stack: the simulator
 * sends the first five hours of the launch's orders at full scale to Kafka (about 5 M orders
 * created, with their lifecycle events), the dashboard starts a replay from the raw events
 * (re-aggregated in child processes), and the test plays, pauses, seeks to the 5-hour mark and
 * reads 5.0 M cumulative orders, then runs a what-if with doubled shop capacity from the replay
 * page and sees fewer alerts fire. Screenshots go to test-artifacts/browser-replay/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { silentLogger } from "../adapters/log";
import { seedReferenceData } from "../scripts/seed";
import { ensureNextBuild } from "../server/next-app";
import { artifactDir, launchChromium, screenshot } from "./support/browser";
import { type Child, startScript } from "./support/processes";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";
import { withPg } from "./support/worker-harness";

const dir = artifactDir("browser-replay");
const minutes = 60_000;
let web: TestWeb;
let browser: Browser;
let page: Page;
let ruleId: string;
const children: Child[] = [];

const numberIn = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

beforeAll(async () => {
  const build = await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  console.log(`[browser-replay.test] next build ${build.built ? "ran" : "reused"}`);
  await seedReferenceData(inject("databaseUrl"), { force: true });
  web = await startTestWeb("replay-ui", { next: { mode: "production" } });
  ruleId = `replay-ui-shops-${web.env.runId.slice(-6)}`;
  await withPg(web.env.databaseUrl, (c) =>
    c.query("insert into alert_rules (id, definition) values ($1, $2)", [
      ruleId,
      JSON.stringify({ id: ruleId, kind: "shop_over_capacity", for: "2m" }),
    ]),
  );
  // Five hours of the launch's orders at full scale, as fast as the broker takes them.
  const t0 = Date.now();
  const sim = startScript(
    "simulator/cli.ts",
    ["--speed", "max", "--duration", "5h01m", "--only", "orders", "--progress-ms", "0"],
    {
      KAFKA_BROKERS: web.env.brokers.join(","),
      DATABASE_URL: web.env.databaseUrl,
      LW_TOPIC_PREFIX: web.topics.prefix,
      LOG_LEVEL: "warn",
    },
  );
  children.push(sim);
  const code = await new Promise<number | null>((resolve) => sim.process.once("exit", resolve));
  if (code !== 0) throw new Error(`simulator exited with ${code}: ${sim.output()}`);
  const summary = JSON.parse(sim.output().trim().split("\n").at(-1)!);
  console.log(
    `[browser-replay.test] simulator: ${summary.sent.total} order events (${summary.ordersCreatedBy.h5} created by 5 h) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const user = await web.createUser("product-lead", "operator");
  await page.goto(`${web.server.url}/login`);
  await page.fill("#username", user.username);
  await page.fill("#password", user.password);
  await page.click("button[type=submit]");
  await page.waitForURL(`${web.server.url}/`);
}, 30 * minutes);

afterAll(async () => {
  await browser?.close();
  for (const c of children) await c.stop();
  if (web)
    await withPg(web.env.databaseUrl, (c) => c.query("delete from alert_rules where id = $1", [ruleId]));
  await web?.close();
});

/** Waits (re-aggregation takes minutes) until the replay page shows the player. */
async function waitForPlayer(p: Page) {
  const t0 = Date.now();
  await p.locator("[data-testid=replay-play]").waitFor({ timeout: 20 * minutes });
  console.log(`[browser-replay.test] replay ready after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

describe("replay in a browser", () => {
  let baselineUrl = "";

  it(
    "starts a replay from Kafka, plays, pauses and seeks to the 5-hour mark: 5.0 M orders",
    async () => {
      await page.goto(`${web.server.url}/replays`);
      await page.fill("[data-testid=replay-name]", "Giveaway night");
      await page.click("[data-testid=replay-start]");
      await page.waitForURL(/\/replays\/[a-z0-9]+$/);
      baselineUrl = page.url();
      await screenshot(page, dir, "01-replay-computing");
      await waitForPlayer(page);
      await expect(page.locator("[data-testid=replay-banner]").textContent()).resolves.toMatch(
        /Replay · Giveaway night/,
      );
      await expect(page.locator("[data-testid=replay-state]").textContent()).resolves.toMatch(/paused/);

      // Play at 300x: the position moves and the replayed overview follows it.
      await page.click("[data-testid=replay-speed-300]");
      await page.click("[data-testid=replay-play]");
      await waitFor(
        async () =>
          /playing at 300×/.test((await page.locator("[data-testid=replay-state]").textContent()) ?? ""),
        {
          what: "playing",
        },
      );
      const startOrders = numberIn(await page.locator("[data-testid=replay-orders]").textContent());
      await waitFor(
        async () => numberIn(await page.locator("[data-testid=replay-orders]").textContent()) > startOrders,
        { timeoutMs: 60_000, what: "orders to grow while playing" },
      );
      await page.locator("[data-testid=kpi-total]").waitFor();
      await screenshot(page, dir, "02-replay-playing");

      // Pause: the position holds.
      await page.click("[data-testid=replay-play]");
      await waitFor(
        async () => /paused/.test((await page.locator("[data-testid=replay-state]").textContent()) ?? ""),
        {
          what: "paused",
        },
      );
      const held = await page.locator("[data-testid=replay-elapsed]").textContent();
      await new Promise((r) => setTimeout(r, 1500));
      await expect(page.locator("[data-testid=replay-elapsed]").textContent()).resolves.toBe(held);

      // "Go to" starts empty, its placeholder the replay's length (issue 15: not a fixed 5:00).
      expect(await page.inputValue("[data-testid=replay-goto]")).toBe("");
      expect(await page.getAttribute("[data-testid=replay-goto]", "placeholder")).toMatch(/^0:00–\d+:\d\d/);
      // Seek to the 5-hour mark and read the cumulative orders.
      await page.fill("[data-testid=replay-goto]", "5:00");
      await page.click("[data-testid=replay-goto-button]");
      await waitFor(
        async () => (await page.locator("[data-testid=replay-elapsed]").textContent()) === "+5:00:00",
        {
          what: "the 5-hour mark",
        },
      );
      const at5h = await waitFor(
        async () => {
          const n = numberIn(await page.locator("[data-testid=replay-orders]").textContent());
          return n > 4_000_000 && n;
        },
        { timeoutMs: 30_000, what: "orders at 5 h" },
      );
      console.log(`[browser-replay.test] orders at the 5-hour mark: ${at5h}`);
      expect(Math.abs(at5h - 5_000_000) / 5_000_000).toBeLessThanOrEqual(0.02);
      await expect(page.locator("[data-testid=replay-milestones]").textContent()).resolves.toMatch(
        /5,000,000 orders at \+(4:5\d|5:0\d)/,
      );
      await screenshot(page, dir, "03-replay-at-5h");
    },
    30 * minutes,
  );

  it(
    "runs a what-if with doubled shop capacity and sees fewer alerts fire",
    async () => {
      await page.goto(baselineUrl);
      await waitForPlayer(page);
      await page.fill("[data-testid=whatif-capacity]", "shops=2x");
      await page.click("[data-testid=whatif-run]");
      await page.waitForURL((u) => u.toString() !== baselineUrl && /\/replays\/[a-z0-9]+$/.test(u.pathname));
      await waitForPlayer(page);
      const row = page.locator("[data-testid=whatif-alerts] td");
      await row.first().waitFor();
      const [baseline, whatIf] = [
        numberIn(await row.nth(1).textContent()),
        numberIn(await row.nth(2).textContent()),
      ];
      console.log(`[browser-replay.test] alerts fired: baseline ${baseline}, doubled capacity ${whatIf}`);
      expect(baseline).toBeGreaterThan(0);
      expect(whatIf).toBeLessThan(baseline);
      await screenshot(page, dir, "04-what-if");

      // The printable report of the what-if, with its CSV.
      await page.click("[data-testid=replay-banner] >> text=Report");
      await page.locator("[data-testid=replay-report]").waitFor();
      expect(numberIn(await page.locator("[data-testid=report-alerts-fired]").textContent())).toBe(whatIf);
      const csv = await page.evaluate(
        async (href) => (await fetch(href)).text(),
        (await page.locator("[data-testid=report-csv]").getAttribute("href")) ?? "/missing",
      );
      expect(csv).toMatch(/^section,key,value\n/);
      await page.emulateMedia({ media: "print" });
      await screenshot(page, dir, "05-report-print");
      await page.emulateMedia({ media: "screen" });
    },
    30 * minutes,
  );
});
