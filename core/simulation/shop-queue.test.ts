import { describe, expect, it } from "vitest";
import { createRng } from "./rng";
import { createShopQueues, type OrderOutcome } from "./shop-queue";

/** Feeds `perMinute` evenly spaced orders for `minutes` to shop 0 (capacity 4/min). */
function feed(perMinute: number, minutes: number, scale = 1): OrderOutcome[] {
  const queues = createShopQueues({ capacityPerMinute: Float64Array.of(4), scale, baseFailRate: 0 });
  const rng = createRng("queue", String(perMinute));
  const gap = 60_000 / (perMinute * scale);
  const out: OrderOutcome[] = [];
  for (let t = 0; t < minutes * 60_000; t += gap) out.push(queues.admit(0, t, rng));
  return out;
}

const waits = (outcomes: OrderOutcome[]) =>
  outcomes.map((o) => (o.kind === "served" ? o.waitMs : Number.NaN));

describe("shop queues", () => {
  it("serves everything without waiting when arrivals stay under capacity", () => {
    const outcomes = feed(3.9, 60);
    expect(outcomes.every((o) => o.kind === "served" && o.waitMs === 0 && !o.failed)).toBe(true);
  });

  it("makes each drink after the order arrives, at about the counter's pace", () => {
    for (const o of feed(2, 30)) {
      if (o.kind !== "served") throw new Error("refused");
      expect(o.doneAt).toBeGreaterThan(o.startAt);
      expect(o.doneAt - o.startAt).toBeLessThan(60_000);
    }
  });

  it("builds a backlog above capacity, then refuses orders beyond the longest accepted wait", () => {
    const outcomes = feed(8, 60);
    const w = waits(outcomes);
    // Twice the capacity: each minute adds a minute of waiting.
    expect(w[8 * 10]! / 60_000).toBeCloseTo(10, 0);
    expect(outcomes.slice(0, 8 * 19).every((o) => o.kind === "served")).toBe(true);
    // Past 20 minutes of backlog the shop refuses, so no accepted order waits longer.
    const refused = outcomes.filter((o) => o.kind === "refused").length;
    expect(refused).toBeGreaterThan(100);
    expect(Math.max(...w.filter((x) => !Number.isNaN(x)))).toBeLessThanOrEqual(20 * 60_000);
  });

  it("fails more orders when customers wait long", () => {
    const failedShare = (os: OrderOutcome[]) =>
      os.filter((o) => o.kind === "refused" || o.failed).length / os.length;
    expect(failedShare(feed(3, 60))).toBe(0);
    expect(failedShare(feed(6, 60))).toBeGreaterThan(0.05);
  });

  it("waits the same at any scale for the same utilization", () => {
    // 5 orders a minute at 4 a minute of capacity: a quarter minute of backlog per minute.
    const full = waits(feed(5, 60)).at(-1)! / 60_000;
    const small = waits(feed(5, 60, 0.1)).at(-1)! / 60_000;
    expect(full).toBeCloseTo(15, 0);
    expect(Math.abs(small - full)).toBeLessThan(3);
  });
});
