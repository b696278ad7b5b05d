/**
 * A product lead asks "what if" in headless Chromium against the real stack (issue 15): the
 * simulator sends the first 45 minutes of the launch (orders and API calls, full scale) to Kafka,
 * the dashboard replays all of it as the baseline, then a what-if over the first 30 minutes only.
 * While it runs the page shows its progress; a what-if can be cancelled; the what-if is compared
 * with the baseline over the same 30 minutes; the report's orders and minutes over capacity per
 * endpoint equal the simulator's own counters for those 30 minutes. Screenshots go to
 * test-artifacts/browser-whatif/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { silentLogger } from "../adapters/log";
import { ReplayResponseSchema } from "../core/api/replays";
import { generateReferenceData } from "../core/reference";
import { createLaunch, defaultLaunchStartMs, type LaunchStats } from "../core/simulation/launch";
import { seedReferenceData } from "../scripts/seed";
import { ensureNextBuild } from "../server/next-app";
import { artifactDir, launchChromium, screenshot } from "./support/browser";
import { type Child, startScript } from "./support/processes";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";
import { withPg } from "./support/worker-harness";

const dir = artifactDir("browser-whatif");
const minutes = 60_000;
const rangeSec = 30 * 60;
let web: TestWeb;
let browser: Browser;
let page: Page;
/** The simulator's own counters at the end of the what-if's 30 minutes. */
let truth: LaunchStats;
let ruleId: string;
const children: Child[] = [];

const numberIn = (text: string | null) => Number((text ?? "").replace(/[^\d.]/g, ""));

/**
 * The simulator's counters over the first `sec` seconds of the launch it sends (same seed and
 * reference): seconds 0 to sec - 1, the report's range [start, start + sec).
 */
function simulatorAt(sec: number, durationSec: number): LaunchStats {
  const sim = createLaunch({ seed: "launch", durationSec, reference: generateReferenceData() });
  for (let i = 0; i < sec; i++) sim.next();
  return sim.stats();
}

beforeAll(async () => {
  const build = await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  console.log(`[browser-whatif.test] next build ${build.built ? "ran" : "reused"}`);
  await seedReferenceData(inject("databaseUrl"), { force: true });
  web = await startTestWeb("whatif-ui", { next: { mode: "production" } });
  ruleId = `whatif-ui-shops-${web.env.runId.slice(-6)}`;
  await withPg(web.env.databaseUrl, (c) =>
    c.query("insert into alert_rules (id, definition) values ($1, $2)", [
      ruleId,
      JSON.stringify({ id: ruleId, kind: "shop_over_capacity", for: "2m" }),
    ]),
  );
  const t0 = Date.now();
  const sim = startScript(
    "simulator/cli.ts",
    ["--speed", "max", "--duration", "45m", "--only", "orders,api", "--progress-ms", "0"],
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
    `[browser-whatif.test] simulator: ${summary.sent.total} events in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  truth = simulatorAt(rangeSec, 45 * 60);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "UTC" });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const user = await web.createUser("what-if-lead", "operator");
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

async function waitForPlayer(p: Page) {
  const t0 = Date.now();
  await p.locator("[data-testid=replay-play]").waitFor({ timeout: 20 * minutes });
  console.log(`[browser-whatif.test] replay ready after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** Starts a replay from the Replays page's form; returns its id. */
async function startReplay(
  p: Page,
  {
    name,
    range,
    capacity,
    baseline,
  }: { name: string; range?: boolean; capacity?: string; baseline?: string },
) {
  await p.goto(`${web.server.url}/replays`);
  await p.fill("[data-testid=replay-name]", name);
  if (range) {
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    await p.fill("input[type=datetime-local] >> nth=0", iso(defaultLaunchStartMs));
    await p.fill("input[type=datetime-local] >> nth=1", iso(defaultLaunchStartMs + rangeSec * 1000));
  }
  if (capacity) await p.fill("[data-testid=replay-capacity]", capacity);
  if (baseline) await p.selectOption("[data-testid=replay-baseline]", baseline);
  await p.click("[data-testid=replay-start]");
  await p.waitForURL(/\/replays\/[a-z0-9]+$/);
  return new URL(p.url()).pathname.split("/").at(-1)!;
}

describe("a what-if in a browser", () => {
  let baselineId = "";
  let whatIfId = "";

  it(
    "replays the whole launch as the baseline",
    async () => {
      baselineId = await startReplay(page, { name: "Whole launch" });
      await waitForPlayer(page);
    },
    25 * minutes,
  );

  it(
    "shows a running what-if's progress, and cancels it",
    async () => {
      await startReplay(page, { name: "To cancel", range: true, capacity: "shops=2x", baseline: baselineId });
      const text = await waitFor(
        async () => {
          const t = await page.locator("[data-testid=replay-progress-text]").textContent();
          // Moving: a rate and an ETA, not only the first reading.
          return /[\d.]+ % of [\d,]+ events · [\d,]+ events\/s · ETA \d/.test(t ?? "") && t;
        },
        { timeoutMs: 3 * minutes, what: "progress on the page" },
      );
      console.log(`[browser-whatif.test] progress: ${text}`);
      await screenshot(page, dir, "01-what-if-progress");
      await page.click("[data-testid=replay-cancel]");
      await page.locator("text=/failed/").first().waitFor({ timeout: 60_000 });
      await expect(page.locator("body").textContent()).resolves.toMatch(/cancelled/);
      await screenshot(page, dir, "02-what-if-cancelled");
    },
    10 * minutes,
  );

  it(
    "compares a 30-minute what-if with the baseline over the same 30 minutes",
    async () => {
      whatIfId = await startReplay(page, {
        name: "30 minutes, shops doubled",
        range: true,
        capacity: "shops=2x",
        baseline: baselineId,
      });
      await page.locator("[data-testid=replay-progress]").waitFor();
      await waitForPlayer(page);
      await expect(page.locator("[data-testid=whatif-range]").textContent()).resolves.toMatch(
        /same range: .*02:00.* to .*02:30/,
      );
      const row = page.locator("[data-testid=whatif-alerts] td");
      const [base, whatIf] = [
        numberIn(await row.nth(1).textContent()),
        numberIn(await row.nth(2).textContent()),
      ];
      console.log(
        `[browser-whatif.test] alerts fired over the 30 minutes: baseline ${base}, what-if ${whatIf}`,
      );
      expect(base).toBeGreaterThan(0);
      expect(whatIf).toBeLessThan(base);
      const r = ReplayResponseSchema.parse(
        await page.evaluate(async (id) => (await fetch(`/api/v1/replays/${id}`)).json(), whatIfId),
      );
      const s = r.replay.summary!;
      const b = s.baseline!;
      console.log(
        `[browser-whatif.test] orders: simulator ${truth.orders.created}, what-if ${s.totals.ordersCreated}, baseline same range ${b.ordersCreated}, baseline whole ${r.baseline?.summary?.totals.ordersCreated}`,
      );
      expect(b.id).toBe(baselineId);
      expect(b.ordersCreated).toBe(s.totals.ordersCreated);
      expect(r.baseline!.summary!.totals.ordersCreated).toBeGreaterThan(b.ordersCreated);
      expect(b.endpointSecondsOverCapacity).toEqual(s.endpointSecondsOverCapacity);
      await screenshot(page, dir, "03-what-if-compared");
    },
    25 * minutes,
  );

  it("draws the alert bands of both lanes in the comparison chart", async () => {
    await page.goto(`${web.server.url}/replays/${whatIfId}`);
    await waitForPlayer(page);
    // The lanes chart (the baseline's timeline arrives a moment later) has bands in both lanes.
    await page
      .locator("[data-testid=whatif-bands] .recharts-reference-area")
      .first()
      .waitFor({ state: "attached" });
    const bands = await page.locator("[data-testid=whatif-bands] .recharts-reference-area").count();
    console.log(`[browser-whatif.test] alert bands in the comparison chart: ${bands}`);
    expect(bands).toBeGreaterThan(1);
  });

  it(
    "reports the simulator's orders and minutes over capacity per endpoint for the same range",
    async () => {
      await page.goto(`${web.server.url}/replays/${whatIfId}/report`);
      await page.locator("[data-testid=replay-report]").waitFor();
      const orders = numberIn(
        await page.locator("[data-testid=report-totals] tr >> nth=0 >> td >> nth=1").textContent(),
      );
      console.log(`[browser-whatif.test] report orders ${orders}, simulator ${truth.orders.created}`);
      expect(orders).toBe(truth.orders.created);
      const rows = await page.locator("[data-testid=report-endpoints] tr").allTextContents();
      const over = truth.endpoints.filter((x) => x.overloadedSeconds > 0);
      expect(over.length).toBeGreaterThan(0);
      // Every endpoint the report lists, and only those, with the simulator's exact seconds.
      expect(rows.length).toBe(over.length);
      for (const e of over) {
        const line = rows.find((t) => t.startsWith(e.endpoint)) ?? "";
        const shown = /([\d.]+) min \(([\d,]+) s\)/.exec(line.slice(e.endpoint.length));
        console.log(
          `[browser-whatif.test] ${e.endpoint}: report "${line.slice(e.endpoint.length)}", simulator ${e.overloadedSeconds} s`,
        );
        expect(shown, `${e.endpoint} in the report`).not.toBeNull();
        expect(numberIn(shown![2]!)).toBe(e.overloadedSeconds);
        // The minutes, to their one decimal.
        expect(Math.abs(numberIn(shown![1]!) - e.overloadedSeconds / 60)).toBeLessThanOrEqual(0.05 + 1e-9);
      }
      await expect(page.locator("[data-testid=report-measures]").textContent()).resolves.toMatch(
        /more requests than its capacity per second/,
      );
      await expect(page.locator("[data-testid=report-range]").textContent()).resolves.toMatch(
        /02:00.* to .*02:30/,
      );
      const csv = await page.evaluate(
        async (id) => (await fetch(`/api/v1/replays/${id}/report.csv`)).text(),
        whatIfId,
      );
      expect(csv).toMatch(/\norders_created_per_minute,2026-02-06T02:00:00\.000Z,\d+/);
      expect(csv).toMatch(/\nalert,[^,\n]+ shop=\d+/);
      await page.emulateMedia({ media: "print" });
      await screenshot(page, dir, "04-report-print");
      await page.emulateMedia({ media: "screen" });
    },
    5 * minutes,
  );
});
