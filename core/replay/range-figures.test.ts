import { describe, expect, it } from "vitest";
import { buildCapacityTable } from "../capacity/capacity-table";
import { applyRangeFigures, baselineFigures, type RangeFiguresData } from "./range-figures";
import { summarize } from "./summary";

const t0 = 1_770_343_200; // epoch seconds, a minute boundary
/** Per-second requests of one endpoint and created orders per minute, as the aggregates hold them. */
function data(): RangeFiguresData & { asked: Array<[number, number]> } {
  const perSecond = new Map<number, number>();
  for (let s = 0; s < 3600; s++) perSecond.set(t0 + s, s >= 600 && s < 1285 ? 1200 : 800); // 685 s over 1000/s
  const asked: Array<[number, number]> = [];
  return {
    asked,
    async createdPerMinute(_stream, fromSec, toSec) {
      const minutes = [];
      for (let m = t0; m < t0 + 3600; m += 60)
        if (m >= fromSec && m <= toSec) minutes.push({ t: m, created: 100 });
      return { before: 0, minutes };
    },
    async endpointSecondsOver(_stream, fromSec, toSec, caps) {
      asked.push([fromSec, toSec]);
      let n = 0;
      for (const [s, v] of perSecond) if (s >= fromSec && s < toSec && v > caps["POST /order/create"]!) n++;
      const out: Record<string, number> = {};
      if (n) out["POST /order/create"] = n;
      return out;
    },
  };
}
const table = buildCapacityTable([], [{ name: "POST /order/create", capacityPerSecond: 1000 } as never]);

describe("range figures (issue 15)", () => {
  it("counts the seconds over capacity and the orders of the range, not of frames sampled each minute", async () => {
    const s = summarize([], new Map(), []);
    s.endpointSecondsOverCapacity = { "POST /order/create": 180 }; // 3 sampled minutes
    const d = data();
    await applyRangeFigures(s, d, { stream: "x", fromMs: t0 * 1000, toMs: (t0 + 1800) * 1000, table });
    expect(s.endpointSecondsOverCapacity).toEqual({ "POST /order/create": 685 });
    expect(s.totals.ordersCreated).toBe(30 * 100);
    expect([s.from, s.to]).toEqual([t0 * 1000, (t0 + 1800) * 1000]);
    expect(s.perMinute).toHaveLength(30);
  });

  it("restricts a baseline to the what-if's range: its orders, seconds over and alerts in it only", async () => {
    const d = data();
    const b = await baselineFigures(d, {
      id: "base",
      stream: "x",
      fromMs: (t0 + 900) * 1000,
      toMs: (t0 + 1800) * 1000,
      table,
      shops: {
        shopSecondsOverCapacity: 0,
        peaks: summarize([], new Map(), []).peaks,
        endpointSecondsOverCapacity: { "POST /order/create": 60 },
      },
      alerts: [
        { at: (t0 + 100) * 1000, rule: "r", state: "firing", labels: {} },
        { at: (t0 + 1000) * 1000, rule: "r", state: "firing", labels: {} },
        { at: (t0 + 1100) * 1000, rule: "r", state: "resolved", labels: {} },
        { at: (t0 + 2000) * 1000, rule: "r", state: "firing", labels: {} },
      ],
    });
    expect(b.ordersCreated).toBe(15 * 100);
    expect(b.alertsFired).toBe(1);
    expect(b.endpointSecondsOverCapacity).toEqual({ "POST /order/create": 1285 - 900 });
  });

  it("keeps the frames' figures where the aggregates hold nothing for the range (a snapshot replay)", async () => {
    const s = summarize([], new Map(), []);
    s.totals.ordersCreated = 36_000;
    s.endpointSecondsOverCapacity = { "POST /order/create": 180 };
    const none: RangeFiguresData = {
      createdPerMinute: async () => ({ before: 0, minutes: [] }),
      endpointSecondsOver: async () => null,
    };
    await applyRangeFigures(s, none, { stream: "live", fromMs: t0 * 1000, toMs: (t0 + 3600) * 1000, table });
    expect(s.totals.ordersCreated).toBe(36_000);
    expect(s.endpointSecondsOverCapacity).toEqual({ "POST /order/create": 180 });
    expect([s.from, s.to]).toEqual([t0 * 1000, (t0 + 3600) * 1000]);
  });
});
