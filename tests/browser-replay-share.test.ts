/**
 * The replay's "Share link" in headless Chromium (issue 15): an operator plays a replay, pauses,
 * narrows the replayed overview to a chain and copies the link; the playback is then moved
 * elsewhere, and a colleague opening the link in a fresh browser (signed out: through the sign-in
 * page) lands where it was shared: the same clock, the playback cursor at the same place on the
 * timeline, the same chain filter. The replay is seeded from snapshots (as
 * tests/replay-playback.test.ts does), so no Kafka re-aggregation is needed.
 * Screenshots go to test-artifacts/browser-replay-share/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../adapters/log";
import { createLiveClient } from "../app/_lib/live-client";
import { zeroCounters } from "../core/aggregation/series";
import type { Frame } from "../core/frames/frame";
import { ensureNextBuild } from "../server/next-app";
import { artifactDir, launchChromium, screenshot } from "./support/browser";
import { counts, frame, secondPoint } from "./support/frame-factory";
import { seedSnapshotReplay } from "./support/replay-seed";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

const dir = artifactDir("browser-replay-share");
const id = `sh${Math.random().toString(36).slice(2, 10)}`;
/** Two hours of launch, a snapshot per event-time minute, ending well in the past. */
const start = Math.floor(Date.now() / 60_000) * 60 - 5 * 3600;
const minutes = 120;
let web: TestWeb;
let browser: Browser;
let user: { username: string; password: string };
const contexts: BrowserContext[] = [];

function snapshot(minute: number): Frame {
  const t = start + minute * 60;
  return frame({
    source: "w-share",
    seq: minute,
    watermark: t * 1000,
    emittedAt: t * 1000,
    seconds: [secondPoint(t - 1, { orders: { created: 1000, accepted: 0, made: 0, failed: 0 } })],
    totals: { ...zeroCounters(), ordersCreated: minute * 60_000 },
    orders: counts(1000),
  });
}

/** A fresh browser context (its own cookies), signed out unless a page signs in. */
async function freshPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "UTC" });
  contexts.push(context);
  // The share button writes to the clipboard; the test reads what it wrote.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: web.server.url });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

async function signIn(page: Page) {
  await page.fill("#username", user.username);
  await page.fill("#password", user.password);
  await page.click("button[type=submit]");
}

const text = async (page: Page, testId: string) =>
  (await page.locator(`[data-testid=${testId}]`).textContent()) ?? "";

/** The x of the scrubber's playback cursor (the last reference line: milestones come first). */
async function cursorX(page: Page): Promise<number> {
  const line = page.locator("[data-testid=replay-scrubber] .recharts-reference-line line").last();
  await line.waitFor({ state: "attached" });
  const box = await line.boundingBox();
  return box!.x;
}

beforeAll(async () => {
  const build = await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  console.log(`[browser-replay-share.test] next build ${build.built ? "ran" : "reused"}`);
  web = await startTestWeb("replay-share", { next: { mode: "production" } });
  await seedSnapshotReplay(web.env.databaseUrl, {
    id,
    name: "shared night",
    fromMs: start * 1000,
    toMs: (start + minutes * 60 + 60) * 1000,
    frames: Array.from({ length: minutes }, (_, m) => snapshot(m + 1)),
  });
  user = await web.createUser(`share-op-${id.slice(-5)}`, "operator");
  browser = await launchChromium();
}, 15 * 60_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await web?.close();
});

/** Clicks the banner's "Share link" and returns the link it copied. */
async function share(page: Page): Promise<string> {
  // Emptied first: after one share the button already reads "Link copied".
  await page.evaluate(() => navigator.clipboard.writeText(""));
  await page.click("[data-testid=replay-banner] >> text=/Share link|Link copied/");
  const shared = await waitFor(() => page.evaluate(() => navigator.clipboard.readText()), {
    what: "the link on the clipboard",
  });
  expect(new URL(shared).pathname).toBe(`/replays/${id}`);
  return shared;
}

/** Moves the one shared playback elsewhere: the link, not the shared state, must then say where. */
async function seekAway(page: Page) {
  await page.fill("[data-testid=replay-goto]", "1:30");
  await page.click("[data-testid=replay-goto-button]");
  await waitFor(async () => (await text(page, "replay-elapsed")) === "+1:30:00", { what: "the seek away" });
}

/** A colleague opens `shared` in a fresh browser, signs in and is taken to it; `held` is the clock shared. */
async function openShared(shared: string, held: string): Promise<Page> {
  const other = await freshPage();
  await other.goto(shared);
  await other.waitForURL(/\/login\?next=/);
  await signIn(other);
  await other.waitForURL((u) => u.pathname === `/replays/${id}`);
  await other.locator("[data-testid=replay-play]").waitFor();
  await waitFor(async () => (await text(other, "replay-elapsed")) === held, {
    timeoutMs: 15_000,
    what: `the shared position ${held}`,
  }).catch(async (err) => {
    throw new Error(`${(err as Error).message}; the page shows ${await text(other, "replay-elapsed")}`);
  });
  expect(await text(other, "replay-state")).toMatch(/paused/);
  return other;
}

describe("replay share link", () => {
  let page: Page;

  it("plays, pauses, shares: a fresh browser opens at the same clock, cursor and filter", async () => {
    page = await freshPage();
    const link = `${web.server.url}/replays/${id}`;
    await page.goto(link);
    await page.waitForURL(/\/login/);
    await signIn(page);
    await page.waitForURL(link);
    await page.locator("[data-testid=replay-play]").waitFor();

    // Play at 60x for a moment, then pause somewhere in the first hour.
    await page.click("[data-testid=replay-speed-60]");
    await page.click("[data-testid=replay-play]");
    await waitFor(async () => /playing at 60×/.test(await text(page, "replay-state")), { what: "playing" });
    await waitFor(async () => (await text(page, "replay-elapsed")) >= "+0:02:00", {
      timeoutMs: 20_000,
      what: "two minutes of playback",
    });
    await page.click("[data-testid=replay-play]");
    await waitFor(async () => /paused/.test(await text(page, "replay-state")), { what: "paused" });
    const held = await text(page, "replay-elapsed");
    const heldX = await cursorX(page);
    expect(held).toMatch(/^\+0:\d\d:\d\d$/);

    // Narrow the replayed overview to a chain: the page's URL carries it.
    await page.locator("[data-testid=filter-chain]").selectOption("Luckin");
    await waitFor(() => new URL(page.url()).searchParams.get("chain") === "Luckin", { what: "the filter" });

    const shared = await share(page);
    const url = new URL(shared);
    expect(url.searchParams.get("chain")).toBe("Luckin");
    // The link's position is the clock's (seconds since the start).
    const [h, m, sec] = held.slice(1).split(":").map(Number) as [number, number, number];
    expect(Number(url.searchParams.get("t"))).toBe(h * 3600 + m * 60 + sec);
    await screenshot(page, dir, "01-shared");
    await seekAway(page);

    const other = await openShared(shared, held);
    // The timeline's cursor where it was (same viewport, same range: same pixel, within one).
    expect(Math.abs((await cursorX(other)) - heldX)).toBeLessThanOrEqual(1);
    // The filter came with it.
    expect(await other.locator("[data-testid=filter-chain]").inputValue()).toBe("Luckin");
    expect(new URL(other.url()).searchParams.get("chain")).toBe("Luckin");
    // The sharer's page follows the one playback back to the shared position.
    await waitFor(async () => (await text(page, "replay-elapsed")) === held, {
      what: "the sharer to follow",
    });
    await screenshot(other, dir, "02-opened");
  });

  it("a position past the half second opens at the second the clock showed, not the next", async () => {
    // A pause lands anywhere within a second; 12:34.7 is one the clock shows as +0:12:34.
    const op = createLiveClient({
      url: web.server.url,
      extraHeaders: { cookie: await web.signIn(user.username, user.password) },
      transports: ["websocket"],
    });
    try {
      await waitFor(async () => (await op.joinReplay(id)).ok, { what: "the socket to join" });
      const r = await op.controlReplay(id, { action: "seek", t: (start + 754) * 1000 + 700 });
      expect(r.ok).toBe(true);
    } finally {
      op.close();
    }
    await waitFor(async () => (await text(page, "replay-elapsed")) === "+0:12:34", { what: "the seek" });
    const heldX = await cursorX(page);
    const shared = await share(page);
    expect(new URL(shared).searchParams.get("t")).toBe("754");
    await seekAway(page);
    const other = await openShared(shared, "+0:12:34");
    expect(Math.abs((await cursorX(other)) - heldX)).toBeLessThanOrEqual(1);
  });
});
