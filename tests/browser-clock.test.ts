/**
 * One clock on a machine months after the launch: frames of a February 2026 stream reach the
 * web process in December. The page says it follows the stream's clock and how far behind the
 * wall clock that is; an alert that started 7 minutes before the stream's newest data is "for
 * 7m", not "for 7175h"; the Custom range opens on the stream's last hour; a silence made "for 1
 * hour" on the page covers an hour of the stream (start and end in February, "ends in" counted in
 * the stream, the active alert it mutes), while one made through Alertmanager's API says it runs on
 * the wall clock. Screenshots in test-artifacts/clock/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AlertingStore, createAlertingStore } from "../adapters/db/alerting-store";
import { silentLogger } from "../adapters/log";
import type { TrackedAlert } from "../core/alerts/alert-registry";
import { ensureNextBuild } from "../server/next-app";
import { resetAlertingTables, shopAlert } from "./support/alerting";
import { artifactDir, launchChromium, screenshot, signedInPage } from "./support/browser";
import { frameAt } from "./support/frame-stream";
import { startTestWeb, type TestWeb } from "./support/web";

const dir = artifactDir("clock");
let web: TestWeb;
let store: AlertingStore;
let browser: Browser;
let page: Page;
let feed: NodeJS.Timeout | null = null;
/** The stream's newest data: 02:19 into the launch of 2026-02-06. */
const streamSec = Date.parse("2026-02-06T02:19:00Z") / 1000;

beforeAll(async () => {
  await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  web = await startTestWeb("clock", { next: { mode: "production" }, alertPollMs: 250 });
  store = createAlertingStore({ databaseUrl: web.env.databaseUrl });
  await resetAlertingTables(web.env.databaseUrl);
  const startsAt = (streamSec - 7 * 60) * 1000;
  const alert: TrackedAlert = {
    ...shopAlert(42, { labels: { ...shopAlert(42).labels, severity: "critical" } }),
    state: "firing",
    startsAt,
    endsAt: null,
    lastSeenAt: 0,
    sentAt: 0,
  };
  await store.recordTransitions([{ state: "firing", reason: "update", at: startsAt, alert }]);
  // A worker reporting the February stream, one frame a second, its event time moving on.
  let sec = streamSec - 5;
  const publish = () => web.publishFrames([frameAt(Math.min(sec++, streamSec), { emittedAt: Date.now() })]);
  for (let i = 0; i < 5; i++) await publish();
  feed = setInterval(() => void publish().catch(() => {}), 1000);
  const user = await web.createUser(`clock-${web.env.runId.slice(-6)}`, "operator");
  const cookie = await web.signIn(user.username, user.password);
  browser = await launchChromium();
  page = await signedInPage(browser, web.server.url, cookie);
}, 300_000);

afterAll(async () => {
  if (feed) clearInterval(feed);
  await browser?.close();
  await resetAlertingTables(web.env.databaseUrl).catch(() => {});
  await store?.close();
  await web?.close();
});

describe("a simulated February launch watched in December", () => {
  it("states the stream clock and gives alert ages in it", async () => {
    await page.goto(`${web.server.url}/`);
    const note = page.locator("[data-testid=stream-clock][data-clock=stream]");
    await note.waitFor();
    await expect(note.textContent()).resolves.toMatch(
      /^Stream clock 2026-02-06 02:1\d:\d\d UTC · \d+ d \d+ h behind wall clock$/,
    );
    const since = page.locator("[data-testid=alerts] .since").first();
    await since.waitFor();
    await page.waitForFunction(
      () => /^firing 7m$/.test(document.querySelector("[data-testid=alerts] .since")?.textContent ?? ""),
      undefined,
      { timeout: 15_000 },
    );
    await expect(since.textContent()).resolves.not.toMatch(/\d{3,}h/);
    await screenshot(page, dir, "01-overview-stream-clock");
  });

  it("opens the Custom range on the stream's last hour, not the machine's", async () => {
    await page.click("[data-testid=range-picker] >> text=Custom");
    const from = await page.locator("input[aria-label=From]").inputValue();
    const to = await page.locator("input[aria-label=To]").inputValue();
    expect(from.slice(0, 10)).toBe("2026-02-06");
    expect(to.slice(0, 10)).toBe("2026-02-06");
  });

  it("makes a silence for 1 hour of the stream, shown and counted in the stream's clock", async () => {
    await page.goto(`${web.server.url}/alerts`);
    await page.locator("[data-testid=active-alert]").first().waitFor();
    await page.fill("textarea[aria-label=Matchers]", 'shop="42"');
    await page.selectOption("select[aria-label=Duration]", "60");
    await page.click("text=Create silence");
    const note = page.locator("[data-testid=silence-clock][data-clock=stream]").first();
    await note.waitFor();
    await expect(note.textContent()).resolves.toMatch(
      /^stream clock · 06 Feb 0\d:\d\d → 06 Feb 0\d:\d\d · ends in (59m \d+s|1h 0m)$/,
    );
    // It mutes the shop's alert now: in force on the stream's clock, though its February times
    // are long past on the wall clock.
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=silence-mutes]")?.textContent ===
        "mutes 1 of the 1 active alert",
      undefined,
      { timeout: 15_000 },
    );
    const { rows } = await store.pool.query<{ clock: string; starts: Date; ends: Date }>(
      "select clock, starts_at as starts, ends_at as ends from silences order by created_at desc limit 1",
    );
    expect(rows[0]!.clock).toBe("stream");
    expect(Math.abs(rows[0]!.starts.getTime() - streamSec * 1000)).toBeLessThan(10_000);
    expect(rows[0]!.ends.getTime() - rows[0]!.starts.getTime()).toBe(3_600_000);
    await screenshot(page, dir, "02-alerts-silence-stream-clock");
  });

  it("says a silence from Alertmanager's API runs on the wall clock, and when it ends there", async () => {
    await store.pool.query(
      `insert into silences (matchers, starts_at, ends_at, created_by, comment)
       values (array['shop="43"'], now(), now() + interval '2 hours', 'clock-test', '')`,
    );
    await page.goto(`${web.server.url}/alerts`);
    const note = page.locator("[data-testid=silence-clock][data-clock=wall]").first();
    await note.waitFor();
    await expect(note.textContent()).resolves.toMatch(/^wall clock · ends in (1h 59m|2h 0m)/);
    await screenshot(page, dir, "03-alerts-silence-wall-clock");
  });
});
