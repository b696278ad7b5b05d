import { describe, expect, it } from "vitest";
import { counts, frame } from "../../tests/support/frame-factory";
import type { AlertChange } from "../live/alert-annotations";
import { planHistory } from "../live/history";
import { buildTimeline, firingAt } from "./timeline";

const row = (t: number, source: string, ordersCreated: number, perSec = 10) => ({
  t,
  frame: frame({
    source,
    watermark: t * 1000,
    totals: {
      ordersCreated,
      downloads: 0,
      apiRequests: 0,
      invalid: 0,
      duplicates: 0,
      lateDropped: 0,
      ahead: 0,
      unreadable: 0,
    },
    orders: counts(perSec),
    shopsOverCapacity: 3,
  }),
});

describe("replay timeline", () => {
  const plan = planHistory(1000, 1000 + 599, 10); // 60 s buckets

  it("adds the workers' totals per bucket and keeps a quiet worker's last totals", () => {
    const tl = buildTimeline(
      plan,
      [row(1059, "a", 400_000), row(1059, "b", 200_000), row(1119, "a", 2_600_000)],
      [],
    );
    expect(tl.points.map((p) => p.ordersCreated)).toEqual([600_000, 2_800_000]);
    expect(tl.points[0]).toMatchObject({ t: 1_059_000, ordersPerSec: 20, shopsOverCapacity: 6 });
  });

  it("marks the first bucket where each order milestone was reached", () => {
    const tl = buildTimeline(plan, [row(1059, "a", 600_000), row(1119, "a", 2_800_000)], []);
    expect(tl.milestones).toEqual([
      { orders: 100_000, at: 1_059_000 },
      { orders: 500_000, at: 1_059_000 },
      { orders: 1_000_000, at: 1_119_000 },
      { orders: 2_000_000, at: 1_119_000 },
    ]);
  });

  it("turns alert changes into per-rule bands and counts firings", () => {
    const changes: AlertChange[] = [
      { fingerprint: "x", rule: "shop-overloaded", state: "firing", at: 1_010_000, labels: {} },
      { fingerprint: "y", rule: "shop-overloaded", state: "firing", at: 1_020_000, labels: {} },
      { fingerprint: "x", rule: "shop-overloaded", state: "resolved", at: 1_030_000, labels: {} },
    ];
    const tl = buildTimeline(plan, [row(1059, "a", 1)], changes);
    expect(tl.fired).toBe(2);
    expect(tl.alerts).toEqual([
      expect.objectContaining({ rule: "shop-overloaded", from: 1_010_000, to: null, alerts: 2 }),
    ]);
    expect(firingAt(changes, 1_025_000).map((c) => c.fingerprint)).toEqual(["x", "y"]);
    expect(firingAt(changes, 1_030_000).map((c) => c.fingerprint)).toEqual(["y"]);
    expect(firingAt(changes, 1_000_000)).toEqual([]);
  });
});
