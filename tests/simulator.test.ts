/**
 * The simulator end to end into a file: the full 9 hours at 1% volume and maximum speed. The
 * cumulative order curve, determinism, and the overload the dashboard must show are all read
 * back from the ndjson file, the way a consumer would see them.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeEvent, type LaunchEvent } from "../core/events";
import { generateReferenceData } from "../core/reference";
import { parseSimulatorArgs, type SimulatorArgs } from "../simulator/args";
import { type RunSummary, runSimulator } from "../simulator/run";
import { createFileSink } from "../simulator/sink-file";

const SCALE = 0.01;
const H = 3600_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lw-sim-"));
const reference = generateReferenceData();

async function simulate(file: string, argv: string[]): Promise<RunSummary> {
  const args = parseSimulatorArgs(["--speed", "max", "--scale", String(SCALE), "--out", file, ...argv]);
  if (args === "help") throw new Error("unexpected help");
  return runSimulator(args as SimulatorArgs, { sinks: [createFileSink(file)], reference });
}

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("simulator to ndjson, full 9 h at 1%", () => {
  const a = path.join(dir, "a.ndjson");
  let summary: RunSummary;
  let events: LaunchEvent[];
  let lines: number;

  beforeAll(async () => {
    const t0 = performance.now();
    summary = await simulate(a, ["--seed", "night"]);
    console.log(
      `[simulator.test] ${summary.sent.total} events in ${((performance.now() - t0) / 1000).toFixed(1)} s` +
        ` (${summary.eventsPerSecond}/s); orders by h5 ${summary.ordersCreatedBy.h5}, by h9 ${summary.ordersCreatedBy.h9}`,
    );
    const text = fs.readFileSync(a, "utf8").split("\n");
    expect(text.pop()).toBe("");
    lines = text.length;
    events = text.map((line) => {
      const d = decodeEvent(line);
      if (!d.ok) throw new Error(`${d.reason}: ${line}`);
      return d.event;
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes one decodable event per line, as many as it reports", () => {
    expect(summary.status).toBe("completed");
    expect(summary.simulatedSeconds).toBe(9 * 3600);
    expect(lines).toBe(summary.sent.total);
    expect(summary.delivered[0]).toMatchObject({ orders: summary.sent.orders, api: summary.sent.api });
    const byType = { order: 0, download: 0, api: 0 };
    for (const e of events) byType[e.type]++;
    expect(byType).toEqual({
      order: summary.sent.orders,
      download: summary.sent.downloads,
      api: summary.sent.api,
    });
  });

  it("reaches 50% of the scaled orders by hour 5 and 100% by hour 9, within 2%", () => {
    const start = Date.parse("2026-02-06T10:00:00+08:00");
    let h5 = 0;
    let h9 = 0;
    for (const e of events) {
      if (e.type !== "order" || e.status !== "created") continue;
      if (e.ts < start + 5 * H) h5++;
      if (e.ts < start + 9 * H) h9++;
    }
    expect(Math.abs(h5 / (5_000_000 * SCALE) - 1)).toBeLessThan(0.02);
    expect(Math.abs(h9 / (10_000_000 * SCALE) - 1)).toBeLessThan(0.02);
    expect(summary.ordersCreatedBy).toEqual({ h5, h9 });
  });

  it("shows overloaded shops: order rate above capacity, and more failed orders there", () => {
    const start = Date.parse("2026-02-06T10:00:00+08:00");
    const perWindow = new Map<string, number>();
    const created = new Map<number, number>();
    const failed = new Map<number, number>();
    for (const e of events) {
      if (e.type !== "order") continue;
      if (e.status === "created") {
        const key = `${e.shopId}:${Math.floor((e.ts - start) / 600_000)}`;
        perWindow.set(key, (perWindow.get(key) ?? 0) + 1);
        created.set(e.shopId, (created.get(e.shopId) ?? 0) + 1);
      } else if (e.status === "failed") failed.set(e.shopId, (failed.get(e.shopId) ?? 0) + 1);
    }
    const overloaded = new Set<number>();
    for (const [key, n] of perWindow) {
      const shopId = Number(key.split(":")[0]);
      // Orders per minute over 10 minutes, back at full volume, against the shop's capacity.
      if (n >= 3 && n / 10 / SCALE > reference.shops.capacityPerMinute[shopId]!) overloaded.add(shopId);
    }
    expect(overloaded.size).toBeGreaterThan(100);
    expect(summary.shops.overloaded).toBe(overloaded.size);
    const rate = (ids: Iterable<number>) => {
      let c = 0;
      let f = 0;
      for (const id of ids) {
        c += created.get(id) ?? 0;
        f += failed.get(id) ?? 0;
      }
      return f / c;
    };
    const calm = [...created.keys()].filter((id) => !overloaded.has(id));
    expect(rate(overloaded)).toBeGreaterThan(2 * rate(calm));
  });

  it("shows overloaded endpoints: errors and retries at launch, calm later", () => {
    const start = Date.parse("2026-02-06T10:00:00+08:00");
    const tally = (endpoint: string, from: number, to: number) => {
      let n = 0;
      let errors = 0;
      let retries = 0;
      for (const e of events) {
        if (e.type !== "api" || e.endpoint !== endpoint || e.ts < start + from || e.ts >= start + to)
          continue;
        n++;
        if (e.errorClass !== null) errors++;
        if (e.retry) retries++;
      }
      return { errorRate: errors / n, retryRate: retries / n };
    };
    for (const endpoint of ["POST /voucher/claim", "POST /order/create"]) {
      const launch = tally(endpoint, 60_000, 600_000);
      const later = tally(endpoint, 3 * H, 4 * H);
      expect(launch.errorRate).toBeGreaterThan(0.3);
      expect(launch.retryRate).toBeGreaterThan(0.2);
      expect(later.errorRate).toBeLessThan(0.02);
    }
    const overloaded = summary.endpoints.filter((e) => e.overloadedSeconds > 0).map((e) => e.endpoint);
    expect(overloaded).toEqual(expect.arrayContaining(["POST /voucher/claim", "POST /order/create"]));
    expect(summary.api.errorClasses.overload_503).toBeGreaterThan(0);
    expect(summary.api.errorClasses.timeout).toBeGreaterThan(0);
  });

  it("writes byte-identical files for the same seed, and a different one for another seed", async () => {
    const b = path.join(dir, "b.ndjson");
    const c = path.join(dir, "c.ndjson");
    await simulate(b, ["--seed", "night"]);
    expect(sha(b)).toBe(sha(a));
    await simulate(c, ["--seed", "day", "--duration", "10m"]);
    expect(sha(c)).not.toBe(sha(a));
  });

  it("sends only the named topics with --only, the same orders as a full run", async () => {
    const d = path.join(dir, "d.ndjson");
    const only = await simulate(d, ["--seed", "night", "--only", "orders"]);
    const text = fs.readFileSync(d, "utf8").trimEnd().split("\n");
    expect(text.length).toBe(only.sent.total);
    expect(only.sent).toMatchObject({ orders: summary.sent.orders, downloads: 0, api: 0 });
    expect(text.every((l) => l.includes('"type":"order"'))).toBe(true);
    expect(only.ordersCreatedBy).toEqual(summary.ordersCreatedBy);
  });
});
