/**
 * The replay timeline's 10 M milestone in headless Chromium (issue 15), without a 9-hour launch:
 * the scrubber (app/_components/replay-scrubber.tsx) bundled on its own with esbuild and fed the
 * timeline of a 9 h 10 min replay whose minutes follow the simulator's order curve
 * (core/simulation/curve.ts), its milestones from the same per-minute cumulative the server uses
 * (core/replay/cumulative.ts). The "10M orders" line is drawn, labelled, at the 9-hour mark.
 * core/replay/milestones-9h.test.ts checks the numbers; this checks what the page draws.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir, launchChromium, screenshot } from "./support/browser";
import { bundleComponentPage } from "./support/component-page";

const from = Date.parse("2026-02-06T02:00:00Z");
const lengthMin = 9 * 60 + 10;

const entry = `
import { createRoot } from "react-dom/client";
import { ReplayScrubber } from "./app/_components/replay-scrubber";
import { ThemeProvider } from "./app/_lib/theme-context";
import { createOrderCurve } from "./core/simulation/curve";
import { cumulativeOrders } from "./core/replay/cumulative";
const from = ${from};
const curve = createOrderCurve({ horizonSec: ${lengthMin * 60} });
const total = (m) => Math.round(curve.cumulativeAt(m * 60));
const minutes = Array.from({ length: ${lengthMin} }, (_, m) => ({ t: from / 1000 + m * 60, created: total(m + 1) - total(m) }));
const cumulative = cumulativeOrders(0, minutes);
const points = cumulative.points().map((p, i) => ({
  t: p.t, ordersCreated: p.total, ordersPerSec: minutes[i].created / 60, shopsOverCapacity: 0,
}));
const timeline = { points, milestones: cumulative.milestones(), alerts: [], fired: 0 };
window.__milestones = timeline.milestones;
createRoot(document.getElementById("root")).render(
  <ThemeProvider initial="dark"><div style={{ width: 1200 }}>
    <ReplayScrubber timeline={timeline} from={from} position={from + 3600000} onSeek={() => {}} />
  </div></ThemeProvider>,
);
`;

let browser: Browser;
let page: Page;
let bundled: { url: string; remove(): void } | undefined;

beforeAll(async () => {
  bundled = await bundleComponentPage(entry, "milestones");
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1300, height: 300 } });
});

afterAll(async () => {
  await browser?.close();
  bundled?.remove();
});

describe("replay timeline milestones", () => {
  it("draws the 10 M milestone of a 9-hour launch at the 9-hour mark, labelled", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(bundled!.url);
    const scrubber = page.locator("[data-testid=replay-scrubber]");
    await scrubber.locator(".recharts-reference-line").first().waitFor({ state: "attached" });
    const milestones = (await page.evaluate("window.__milestones")) as Array<{ orders: number; at: number }>;
    expect(milestones.at(-1)).toEqual({ orders: 10_000_000, at: from + 9 * 3600_000 });

    // The label, and where its line stands: 9 h of the 9 h 10 min axis from the plot's left edge.
    // Where the lines and labels stand, in the chart's own coordinates: the 10 M one at 9 h of
    // the 9 h 10 min axis.
    const axis = scrubber.locator(".recharts-xAxis line.recharts-cartesian-axis-line");
    const [left, right] = [Number(await axis.getAttribute("x1")), Number(await axis.getAttribute("x2"))];
    const tenAt = left + ((right - left) * (9 * 60)) / lengthMin;
    const labels = await scrubber
      .locator("text.recharts-label")
      .evaluateAll((els) => els.map((e) => ({ text: e.textContent, x: Number(e.getAttribute("x")) })));
    const ten = labels.find((l) => l.text === "10M orders");
    expect(ten, JSON.stringify(labels)).toBeDefined();
    expect(Math.abs(ten!.x - tenAt)).toBeLessThan(1);
    expect(labels.map((l) => l.text)).toContain("5.0M orders");
    const lines = await scrubber
      .locator(".recharts-reference-line line")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("x1"))));
    // A line a milestone (labelled or left to the legend), then the playback cursor.
    expect(lines).toHaveLength(milestones.length + 1);
    expect(Math.abs(lines[milestones.length - 1]! - tenAt)).toBeLessThan(1);
    await screenshot(page, artifactDir("browser-replay-milestones"), "01-10m-milestone");
    expect(errors).toEqual([]);
  });
});
