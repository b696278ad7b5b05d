/**
 * Rule 1 in a browser: the worker is held back (given 2 % of a core by stopping and
 * continuing it) during a launch spike. Within 5 s of the worker's frames reporting the lag, the
 * overview says it is behind and by how much; no KPI or gauge reads a zero or OK for seconds
 * not aggregated; when the worker gets its CPU back and catches up, the page returns to Live
 * with the totals of the last frame. Screenshots of both states in test-artifacts/honest/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { silentLogger } from "../adapters/log";
import { fmtCompact } from "../app/_lib/format";
import { type Frame, FrameSchema } from "../core/frames/frame";
import { seedReferenceData } from "../scripts/seed";
import { ensureNextBuild } from "../server/next-app";
import { artifactDir, launchChromium, screenshot, signedInPage } from "./support/browser";
import { type Child, startScript } from "./support/processes";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

const dir = artifactDir("honest");
let web: TestWeb;
let browser: Browser;
let page: Page;
let worker: Child;
let simulator: Child;
let simulate: () => void = () => {};
let throttle: NodeJS.Timeout | null = null;
/** Frames as the worker published them, with when this test saw them. */
const frames: Array<{ frame: Frame; at: number }> = [];

/** Lets the worker run `runMs` of every `periodMs` (SIGCONT, then SIGSTOP). */
function holdBack(worker: Child, runMs: number, periodMs: number) {
  const pid = worker.process.pid!;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {}
  };
  signal("SIGSTOP");
  throttle = setInterval(() => {
    signal("SIGCONT");
    setTimeout(() => {
      if (throttle) signal("SIGSTOP");
    }, runMs).unref();
  }, periodMs);
}

function release(worker: Child) {
  if (throttle) clearInterval(throttle);
  throttle = null;
  try {
    process.kill(worker.process.pid!, "SIGCONT");
  } catch {}
}

beforeAll(async () => {
  await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  await seedReferenceData(inject("databaseUrl"), { force: true });
  web = await startTestWeb("honest", { next: { mode: "production" } });
  const consumer = web.kafka.consumer({ groupId: web.env.groupId("honest-frames") });
  await consumer.connect();
  await consumer.subscribe({ topic: web.topics.frames, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      frames.push({ frame: FrameSchema.parse(JSON.parse(String(message.value))), at: Date.now() });
    },
  });
  browser = await launchChromium();
  const user = await web.createUser(`honest-${web.env.runId.slice(-6)}`, "viewer");
  page = await signedInPage(browser, web.server.url, await web.signIn(user.username, user.password));
  const env = {
    KAFKA_BROKERS: web.env.brokers.join(","),
    DATABASE_URL: web.env.databaseUrl,
    LW_TOPIC_PREFIX: web.topics.prefix,
    LOG_LEVEL: "warn",
  };
  worker = startScript("workers/aggregator/main.ts", [], {
    ...env,
    LW_WORKER_GROUP: web.env.groupId("honest-agg"),
    LW_WORKER_ID: "honest-worker",
  });
  simulate = () => {
    // The first 40 minutes of the launch (its spike) at 20x: two minutes of producing.
    simulator = startScript(
      "simulator/cli.ts",
      ["--speed", "20", "--duration", "40m", "--scale", "0.2", "--progress-ms", "0"],
      env,
    );
  };
  await page.goto(`${web.server.url}/`);
}, 600_000);

afterAll(async () => {
  if (worker) release(worker);
  await browser?.close();
  await simulator?.stop();
  await worker?.stop();
  await web?.close();
});

const pill = () => page.locator("[data-testid=live-pill]").textContent();

describe("the overview while the worker is behind", () => {
  it("says it is behind within 5 s, with no zero or OK for seconds not aggregated", async () => {
    await waitFor(async () => /Live/.test((await pill()) ?? ""), { timeoutMs: 90_000, what: "Live" });
    // The spike starts; once the windows hold 15 s of it, the worker gets 2 % of a core.
    simulate();
    const launch = Date.parse("2026-02-06T02:00:00Z");
    await waitFor(async () => (frames[frames.length - 1]?.frame.watermark ?? 0) >= launch + 15_000, {
      timeoutMs: 60_000,
      what: "15 s of the launch aggregated",
    });
    holdBack(worker, 20, 1000);
    // The first frame in which the worker itself reports more than the 10 s threshold of lag.
    const seen = () => {
      const last = frames[frames.length - 1]?.frame;
      const p = last?.pipeline;
      return `${frames.length} frames; last: ${JSON.stringify(p ? { ...p, partitions: p.partitions.slice(0, 3) } : null)}`;
    };
    await waitFor(async () => frames.some((f) => (f.frame.pipeline?.lagSeconds ?? 0) > 10), {
      timeoutMs: 120_000,
      what: "the held-back worker to report lag",
    }).catch((err) => {
      throw new Error(`${err.message}: ${seen()}`);
    });
    const reported = frames.find((f) => (f.frame.pipeline?.lagSeconds ?? 0) > 10)!.at;
    await page.locator("[data-testid=live-pill][data-state=behind]").waitFor({ timeout: 30_000 });
    const shownAfterMs = Date.now() - reported;
    console.log(`[browser-honest] behind shown ${shownAfterMs} ms after the first lagging frame`);
    expect(shownAfterMs).toBeLessThan(5000);
    expect(await pill()).toMatch(/^Behind (\d+ [hms] ?)+/);
    for (const id of ["kpi-orders", "kpi-shops", "kpi-downloads", "kpi-api", "kpi-total"]) {
      const kpi = page.locator(`[data-testid=${id}]`);
      await expect(kpi.locator(".tag.none").textContent()).resolves.toBe("BEHIND");
    }
    // The spike is under way in every stream: no rate may read a measured zero.
    for (const id of ["kpi-orders", "kpi-downloads", "kpi-api"]) {
      const value = await page.locator(`[data-testid=${id}] .value`).textContent();
      expect({ id, value }).not.toEqual({ id, value: "0/s" });
    }
    // No gauge says a green OK while behind: its tag is BEHIND (or HIGH / OVER, which are real).
    const gaugeTags = await page.locator(".gauge .tag").allTextContents();
    expect(gaugeTags.length).toBeGreaterThan(1);
    expect(gaugeTags.filter((t) => t === "OK")).toEqual([]);
    await screenshot(page, dir, "01-overview-behind");
  }, 300_000);

  it("returns to Live with the totals of the last frame once the worker catches up", async () => {
    release(worker);
    await new Promise<void>((resolve) => {
      if (simulator.process.exitCode !== null) resolve();
      else simulator.process.once("exit", () => resolve());
    });
    await page.locator("[data-testid=live-pill][data-state=live]").waitFor({ timeout: 120_000 });
    // Caught up: the numbers settle at the last frame's.
    await waitFor(
      async () => {
        const last = frames[frames.length - 1]?.frame;
        if (!last || (last.pipeline?.lagMessages ?? 1) !== 0) return false;
        const shown = await page.locator("[data-testid=kpi-total] .value").textContent();
        return shown === fmtCompact(last.totals.ordersCreated);
      },
      { timeoutMs: 60_000, what: "the page's total to equal the last frame's" },
    );
    await expect(page.locator("[data-testid=kpi-orders] .tag.none").count()).resolves.toBe(0);
    await screenshot(page, dir, "02-overview-live-again");
  }, 300_000);
});
