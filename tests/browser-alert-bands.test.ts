/**
 * The what-if's comparison chart (app/_components/alert-bands-compare.tsx) in headless Chromium:
 * the component bundled on its own with esbuild and rendered with lanes of known spans, so the
 * bands are counted without a 13-minute replay (tests/browser-whatif.test.ts drives the page).
 * Issue 15: "its comparison chart is empty": the chart drew its time axis but no band, because
 * its lane axis had no data to take a domain from.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir, launchChromium, screenshot } from "./support/browser";

const t0 = Date.parse("2026-02-06T00:00:00Z");
const minute = 60_000;
const length = 30 * minute;

/** The baseline has two rules' spans, one running past the what-if's end; the what-if one, still firing. */
const entry = `
import { createRoot } from "react-dom/client";
import { AlertBandsCompare } from "./app/_components/alert-bands-compare";
import { ThemeProvider } from "./app/_lib/theme-context";
const t0 = ${t0};
const length = ${length};
const lanes = [
  { label: "Baseline", from: t0, length, spans: [
    { rule: "shop-over-capacity", severity: "critical", from: t0 + ${minute}, to: t0 + ${50 * minute}, alerts: 40 },
    { rule: "endpoint-errors", severity: "warning", from: t0 + ${2 * minute}, to: t0 + ${5 * minute}, alerts: 1 },
  ] },
  { label: "This replay", from: t0, length, spans: [
    { rule: "shop-over-capacity", severity: "critical", from: t0 + ${minute}, to: null, alerts: 12 },
  ] },
];
createRoot(document.getElementById("root")).render(
  <ThemeProvider initial="dark"><div style={{ width: 900 }}><AlertBandsCompare lanes={lanes} /></div></ThemeProvider>,
);
`;

let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lw-bands-"));
  await build({
    stdin: { contents: entry, loader: "tsx", resolveDir: process.cwd(), sourcefile: "bands-entry.tsx" },
    bundle: true,
    jsx: "automatic",
    outfile: path.join(dir, "bands.js"),
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  fs.writeFileSync(
    path.join(dir, "index.html"),
    '<html><body><div id="root"></div><script src="bands.js"></script></body></html>',
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 300 } });
});

afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("what-if comparison chart", () => {
  it("draws a band per span in both lanes, clipped to the what-if's range", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`file://${path.join(dir, "index.html")}`);
    await page
      .locator("[data-testid=whatif-bands] .recharts-xAxis .recharts-cartesian-axis-tick")
      .first()
      .waitFor({ state: "attached" });
    // Both lanes on the lane axis (a tick each: the old chart had none, its axis had no domain).
    await expect(
      page.locator("[data-testid=whatif-bands] .recharts-yAxis .recharts-cartesian-axis-tick").count(),
    ).resolves.toBe(2);
    const bands = page.locator("[data-testid=whatif-bands] .recharts-reference-area-rect");
    await bands.first().waitFor({ state: "attached", timeout: 5_000 });
    expect(await bands.count()).toBe(3);
    // The baseline's long span ends at the chart's right edge (30 min), not past it.
    const plot = await page.locator("[data-testid=whatif-bands] .recharts-cartesian-grid").boundingBox();
    const boxes = await bands.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    for (const b of boxes) expect(b.x + b.width).toBeLessThanOrEqual(plot!.x + plot!.width + 1);
    await screenshot(page, artifactDir("browser-whatif"), "03-comparison-bands");
    expect(errors).toEqual([]);
  });
});
