/**
 * The 10 M order milestone of a full 9-hour launch, checked without a 9-hour run (issue 15): the
 * milestone logic of the replay timeline (core/replay/cumulative.ts from the stored per-minute
 * aggregates, core/replay/timeline.ts from the snapshots) and of the report (summarize) is driven
 * by the simulator's own order curve (core/simulation/curve.ts: 5 M at 5 h and 10 M at 9 h in
 * expectation) and by the per-second counts the simulator sends for its default seed (which meet
 * both targets exactly).
 */
import { describe, expect, it } from "vitest";
import { counts, frame } from "../../tests/support/frame-factory";
import { zeroCounters } from "../aggregation/series";
import { combineFrames } from "../frames/combine";
import { planHistory } from "../live/history";
import { createOrderCurve, orderCountsPerSecond } from "../simulation/curve";
import { cumulativeOrders } from "./cumulative";
import { orderMilestones, summarize } from "./summary";
import { buildTimeline } from "./timeline";

/** The launch starts on a minute boundary (epoch seconds). */
const from = Date.UTC(2026, 1, 6, 2, 0) / 1000;
const H = 3600;
/** Ten minutes past the 9-hour mark, so the last milestone is inside the range. */
const lengthMin = 9 * 60 + 10;

/** Created orders per minute from cumulative totals at each minute's end (`total(m)`: after m minutes). */
function perMinute(total: (m: number) => number): Array<{ t: number; created: number }> {
  return Array.from({ length: lengthMin }, (_, m) => ({
    t: from + m * 60,
    created: total(m + 1) - total(m),
  }));
}

/** The curve's expectation, rounded at each minute's end (so the minutes add up to it exactly). */
const curve = createOrderCurve({ horizonSec: lengthMin * 60 });
const expectedTotal = (m: number) => Math.round(curve.cumulativeAt(m * 60));

/** A worker's snapshot at the end of minute `m` whose totals are `total` (one worker). */
const snapshot = (m: number, total: number) => ({
  t: from + m * 60,
  frame: frame({
    source: "w1",
    seq: m,
    watermark: (from + m * 60) * 1000,
    totals: { ...zeroCounters(), ordersCreated: total },
    orders: counts(300),
    topShops: [],
    endpoints: [],
  }),
});

/** Each milestone is at the end of the first minute whose total reached it. */
function expectFirstMinutes(
  milestones: ReadonlyArray<{ orders: number; at: number }>,
  totalAt: (ms: number) => number,
) {
  for (const m of milestones) {
    expect(totalAt(m.at)).toBeGreaterThanOrEqual(m.orders);
    expect(totalAt(m.at - 60_000)).toBeLessThan(m.orders);
  }
}

describe("the 10 M milestone of a 9-hour launch (the simulator's curve)", () => {
  it("the stored aggregates' cumulative (the replay timeline, the report): 5 M at +5:00, 10 M at +9:00", () => {
    const cumulative = cumulativeOrders(0, perMinute(expectedTotal));
    const milestones = cumulative.milestones();
    expect(milestones.map((m) => m.orders)).toEqual(orderMilestones);
    expect(milestones.find((m) => m.orders === 5_000_000)?.at).toBe((from + 5 * H) * 1000);
    expect(milestones.find((m) => m.orders === 10_000_000)?.at).toBe((from + 9 * H) * 1000);
    expectFirstMinutes(milestones, (ms) => cumulative.at(ms));
  });

  it("the replay timeline: 10 M at +9:00 whether from the aggregates or from the snapshots' totals", () => {
    const plan = planHistory(from, from + lengthMin * 60, 600);
    const rows = Array.from({ length: lengthMin }, (_, i) => snapshot(i + 1, expectedTotal(i + 1)));
    const withAggregates = buildTimeline(plan, rows, [], cumulativeOrders(0, perMinute(expectedTotal)));
    const fromSnapshots = buildTimeline(plan, rows, []);
    for (const tl of [withAggregates, fromSnapshots]) {
      expect(tl.milestones.map((m) => m.orders)).toEqual(orderMilestones);
      expect(tl.milestones.at(-1)).toEqual({ orders: 10_000_000, at: (from + 9 * H) * 1000 });
      // The timeline the scrubber draws reaches 10 M at that point too.
      const at9h = tl.points.find((p) => p.t === (from + 9 * H) * 1000);
      expect(at9h?.ordersCreated).toBe(10_000_000);
      expect(tl.points.at(-1)!.ordersCreated).toBeGreaterThan(10_000_000);
    }
  });

  it("the report from the combined views (no aggregates kept): 10 M at +9:00", () => {
    const views = Array.from({ length: lengthMin }, (_, i) => {
      const s = snapshot(i + 1, expectedTotal(i + 1));
      return { t: s.t, view: combineFrames([s.frame], { topK: 0 }) };
    });
    const s = summarize(views, new Map(), []);
    expect(s.milestones.map((m) => m.orders)).toEqual(orderMilestones);
    expect(s.milestones.at(-1)).toEqual({ orders: 10_000_000, at: (from + 9 * H) * 1000 });
  });
});

describe("the 10 M milestone of the simulator's default launch (seed 'launch', full scale)", () => {
  const perSecond = orderCountsPerSecond({ seed: "launch", seconds: lengthMin * 60 });
  const totals = [0];
  for (let m = 0; m < lengthMin; m++) {
    let n = totals[m]!;
    for (let s = m * 60; s < (m + 1) * 60; s++) n += perSecond[s]!;
    totals.push(n);
  }
  /** The second whose orders took the run to 10 M. */
  let crossing = 0;
  for (let s = 0, n = 0; n < 10_000_000; s++) {
    n += perSecond[s]!;
    crossing = s;
  }

  it("is marked at the 9-hour mark: the run's orders reach 10 M in its last second", () => {
    expect(crossing).toBe(9 * H - 1);
    const cumulative = cumulativeOrders(
      0,
      perMinute((m) => totals[m]!),
    );
    const ten = cumulative.milestones().find((m) => m.orders === 10_000_000);
    expect(ten?.at).toBe((from + 9 * H) * 1000);
    expectFirstMinutes(cumulative.milestones(), (ms) => cumulative.at(ms));
  });

  it("a run cut at exactly 9 h shows 10 M at the cut, and 5 M at 5 h", () => {
    const nineHours = cumulativeOrders(0, perMinute((m) => totals[m]!).slice(0, 9 * 60));
    expect(nineHours.at((from + 9 * H) * 1000)).toBe(10_000_000);
    expect(nineHours.milestones().find((m) => m.orders === 10_000_000)?.at).toBe((from + 9 * H) * 1000);
    expect(nineHours.milestones().find((m) => m.orders === 5_000_000)?.at).toBe((from + 5 * H) * 1000);
  });
});
