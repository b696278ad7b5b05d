import { describe, expect, it } from "vitest";
import { buildCapacityTable } from "../capacity/capacity-table";
import type { ApiEvent } from "../events/api";
import type { LaunchEvent } from "../events/decode";
import type { OrderEvent } from "../events/order";
import { combineFrames } from "../frames/combine";
import { FrameSchema } from "../frames/frame";
import { longestWindowSeconds, windowNames, windowTable } from "../frames/windows";
import { createAggregator } from "./aggregator";

const T0 = 1_770_343_200_000; // 2026-02-06T02:00:00Z, a whole second
const table = buildCapacityTable(
  [
    { id: 0, chain: "Heytea", city: "Shenzhen", capacityPerMinute: 2 },
    { id: 1, chain: "Luckin", city: "Xiamen", capacityPerMinute: 600 },
    { id: 2, chain: "Nayuki's Tea", city: "Shenzhen", capacityPerMinute: 3 },
  ],
  [{ name: "POST /order/create", capacityPerSecond: 10 }],
);

let n = 0;
const order = (
  shopId: number,
  ts: number,
  status: OrderEvent["status"] = "created",
  id = `o${n++}`,
): OrderEvent => ({
  v: 1,
  type: "order",
  id,
  orderId: id,
  userId: "u",
  shopId,
  chain: table.chains[table.chainOf[shopId]!]!,
  city: table.cities[table.cityOf[shopId]!]!,
  amount: 25,
  status,
  ts,
});
const apiCall = (ts: number, latencyMs: number, status = 200, retry = false): ApiEvent => ({
  v: 1,
  type: "api",
  id: `a${n++}`,
  endpoint: "POST /order/create",
  status,
  latencyMs,
  errorClass: status >= 400 ? "overload_503" : null,
  retry,
  ts,
});

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("aggregator windows", () => {
  it("puts events in their event-time second and closes seconds behind the watermark minus grace", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 2000 });
    agg.ingest(0, 0, order(1, T0 + 999), true); // second 0 (last ms)
    agg.ingest(0, 1, order(1, T0 + 1000), true); // second 1 (first ms)
    agg.ingest(0, 2, order(1, T0 + 4500), true); // watermark 4.5 s -> seconds < 2 closed
    const f = agg.frame();
    expect(FrameSchema.parse(f)).toBeTruthy();
    expect(f.watermark).toBe(T0 + 2000);
    expect(f.seconds.map((p) => [p.t - T0 / 1000, p.orders.created])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(f.orders["10s"]).toBe(2); // the open second 4 is not in the windows yet
  });

  it("counts orders made and failed per chain and per city, in the windows of their second", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 0 });
    agg.ingest(0, 0, order(0, T0, "created"), true);
    agg.ingest(0, 1, order(0, T0 + 100, "made"), true);
    agg.ingest(0, 2, order(0, T0 + 200, "made"), true);
    agg.ingest(0, 3, order(2, T0 + 300, "failed"), true);
    agg.ingest(0, 4, order(1, T0 + 400, "accepted"), true);
    clock.advance(10_000); // idle: the second closes
    const f = agg.frame();
    expect(FrameSchema.parse(f)).toBeTruthy();
    expect(f.byChainMade).toEqual({ Heytea: { "10s": 2, "1m": 2, "5m": 2, "15m": 2 } });
    expect(f.byChainFailed).toEqual({ "Nayuki's Tea": { "10s": 1, "1m": 1, "5m": 1, "15m": 1 } });
    expect(f.byChain).toEqual({ Heytea: { "10s": 1, "1m": 1, "5m": 1, "15m": 1 } });
    // Shops 0 and 2 are both in Shenzhen; the accepted order of shop 1 (Xiamen) is neither.
    expect(f.byCityMade).toEqual({ Shenzhen: { "10s": 2, "1m": 2, "5m": 2, "15m": 2 } });
    expect(f.byCityFailed).toEqual({ Shenzhen: { "10s": 1, "1m": 1, "5m": 1, "15m": 1 } });
  });

  it("counts an out-of-order event within grace, drops one beyond it as late", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 2000 });
    agg.ingest(0, 0, order(1, T0 + 10_000), true);
    expect(agg.ingest(0, 1, order(1, T0 + 8_000), true)).toBe("counted"); // exactly at grace
    expect(agg.ingest(0, 2, order(1, T0 + 7_999), true)).toBe("late");
    clock.advance(10_000); // idle: everything closes
    const f = agg.frame();
    expect(f.totals.ordersCreated).toBe(2);
    expect(f.totals.lateDropped).toBe(1);
    expect(f.seconds.reduce((s, p) => s + p.orders.created, 0)).toBe(2);
    // After the close, even an event inside another partition's grace is late: its second is gone.
    expect(agg.ingest(1, 0, order(1, T0 + 9_000), true)).toBe("late");
  });

  it("ignores a duplicate event id and counts it as a duplicate", () => {
    const agg = createAggregator({ source: "w", capacity: table, clock: fakeClock().now });
    const e = order(1, T0);
    expect(agg.ingest(0, 0, e, true)).toBe("counted");
    expect(agg.ingest(0, 1, { ...e }, true)).toBe("duplicate");
    const f = agg.frame();
    expect(f.totals).toMatchObject({ ordersCreated: 1, duplicates: 1 });
  });

  it("rejects orders for unknown shops or with the wrong chain, with a reason", () => {
    const agg = createAggregator({ source: "w", capacity: table, clock: fakeClock().now });
    expect(agg.ingest(0, 0, order(1, T0), true)).toBe("counted");
    expect(agg.ingest(0, 1, { ...order(1, T0), shopId: 99 }, true)).toEqual({ rejected: "unknown shop 99" });
    const r = agg.ingest(0, 2, { ...order(1, T0), chain: "Heytea" }, true);
    expect(r).toEqual({ rejected: "shop 1 is Luckin in Xiamen, not Heytea in Xiamen" });
  });

  it("holds windows open for a lagging partition until it goes idle", () => {
    const clock = fakeClock();
    const agg = createAggregator({
      source: "w",
      capacity: table,
      clock: clock.now,
      graceMs: 0,
      idleMs: 5000,
    });
    agg.ingest(0, 0, order(1, T0 + 1000), true);
    agg.ingest(1, 0, order(1, T0 + 60_000), true);
    expect(agg.frame().watermark).toBe(T0 + 1000); // partition 0 holds the horizon
    clock.advance(3000);
    agg.ingest(1, 1, order(1, T0 + 61_000), true);
    clock.advance(3000); // partition 0 idle for 6 s, partition 1 for 3 s
    expect(agg.frame().watermark).toBe(T0 + 61_000);
  });
});

describe("aggregator capacity", () => {
  it("flags a shop over capacity but not one exactly at it", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 0 });
    // Shop 0: 2/min capacity, 2 orders in the minute -> at threshold. Shop 2: 3/min, 4 orders -> over.
    agg.ingest(0, 0, order(0, T0 + 1000), true);
    agg.ingest(0, 1, order(0, T0 + 30_000), true);
    for (let i = 0; i < 4; i++) agg.ingest(1, i, order(2, T0 + 10_000 * (i + 1)), true);
    clock.advance(10_000);
    const f = agg.frame();
    expect(f.shopsOverCapacity).toBe(1);
    // Per chain and city: only the groups with a shop over (issue 15).
    expect(f.shopsOverByChain).toEqual({ "Nayuki's Tea": 1 });
    expect(f.shopsOverByCity).toEqual({ Shenzhen: 1 });
    expect(FrameSchema.parse(f).shopsOverByChain).toEqual({ "Nayuki's Tea": 1 });
    const byId = new Map(f.topShops.map((s) => [s.shopId, s]));
    expect(byId.get(0)?.utilization).toBe(1);
    expect(byId.get(2)?.utilization).toBeCloseTo(4 / 3, 6);
    expect(f.topShops[0]?.shopId).toBe(2);
    expect(f.topShops[0]?.chain).toBe("Nayuki's Tea");
  });

  it("reports endpoint rates, errors by class, percentiles and utilization", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 0 });
    let off = 0;
    for (let s = 0; s < 10; s++) {
      for (let i = 0; i < 20; i++)
        agg.ingest(
          0,
          off++,
          apiCall(T0 + s * 1000 + i, i < 19 ? 100 : 5000, i < 15 ? 200 : 503, i >= 18),
          true,
        );
    }
    clock.advance(10_000);
    const [ep] = agg.frame().endpoints;
    expect(ep?.requests["10s"]).toBe(200);
    expect(ep?.errors["10s"]).toBe(50);
    expect(ep?.retries["10s"]).toBe(20);
    expect(ep?.utilization).toBeCloseTo(2, 6); // 20/s against 10/s
    expect(ep?.errorClasses).toEqual({ overload_503: 50 });
    expect(ep?.p50).toBeCloseTo(100, -1);
    expect(ep?.p99).toBeGreaterThan(4500);
    expect(ep?.saturationInSec).toBe(0);
  });

  it("has no percentile (null, never 0) for an endpoint with no request in the last minute", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 0 });
    let off = 0;
    for (let s = 0; s < 5; s++) agg.ingest(0, off++, apiCall(T0 + s * 1000, 10_000, 503), true);
    // Orders move event time on two minutes: the endpoint's minute is empty, its 15 minutes are not.
    for (let s = 5; s < 125; s++) agg.ingest(1, off++, order(1, T0 + s * 1000), true);
    clock.advance(10_000);
    const f = agg.frame();
    const [ep] = f.endpoints;
    expect(ep?.requests["15m"]).toBe(5);
    expect(ep?.requests["1m"]).toBe(0);
    expect([ep?.p50, ep?.p95, ep?.p99]).toEqual([null, null, null]);
    expect(FrameSchema.parse(f).endpoints[0]?.p99).toBeNull();
    expect(combineFrames([f, { ...f, source: "w2" }]).endpoints[0]?.p99).toBeNull();
  });

  it("keeps the whole minute of latency and errors while the endpoint's partition counts a minute ahead", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 0 });
    agg.addPartition(0, undefined, false); // orders, behind their log end: they hold the windows
    agg.addPartition(1, undefined, false); // API calls, up to a minute ahead (core/pipeline/alignment)
    for (let s = 0; s <= 100; s++) agg.ingest(0, s, order(1, T0 + s * 1000), true);
    let off = 0;
    // The window read is seconds 40-99: 10-s failures for 40 s, then 50-ms successes; from 100 on
    // (ahead of it, to 158) fast failures.
    const call = (s: number, i: number) =>
      s < 80 ? apiCall(T0 + s * 1000 + i, 10_000, 503) : apiCall(T0 + s * 1000 + i, 50, s < 100 ? 200 : 503);
    for (let s = 40; s < 159; s++) for (let i = 0; i < 5; i++) agg.ingest(1, off++, call(s, i), true);
    const f = agg.frame();
    expect(f.watermark).toBe(T0 + 100_000);
    const [ep] = f.endpoints;
    expect(ep?.requests["1m"]).toBe(300);
    expect(ep?.errorClasses).toEqual({ overload_503: 200 });
    expect(ep?.p50).toBeGreaterThan(9000); // two thirds of the minute's requests took 10 s
  });
});

describe("aggregator persistence and combining", () => {
  it("restores from the smallest offset of each second, whatever order offsets arrive in", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now });
    agg.ingest(3, 50, order(1, T0), true);
    agg.ingest(3, 40, order(1, T0 + 10), true); // same second, smaller offset
    agg.ingest(3, 60, order(1, T0 + 1000), true);
    agg.ingest(3, 45, order(1, T0 + 20), true); // back to the first second: still 40
    expect(agg.partitionInfo(3).restoreOffset).toBe(40);
    agg.ingest(3, 30, order(1, T0 + 30), true);
    expect(agg.partitionInfo(3).restoreOffset).toBe(30);
    agg.ingest(4, 5, order(1, T0 + 1000), true); // another partition keeps its own
    expect(agg.partitionInfo(4).restoreOffset).toBe(5);
    expect(agg.partitionInfo(3).restoreOffset).toBe(30);
  });

  it("changes windows but not counters or deltas for restored (already persisted) events", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now });
    agg.addPartition(0, {
      ordersCreated: 7,
      downloads: 0,
      apiRequests: 0,
      invalid: 0,
      duplicates: 0,
      lateDropped: 0,
      ahead: 0,
      unreadable: 0,
    });
    agg.ingest(0, 10, order(1, T0), false);
    agg.ingest(0, 11, order(1, T0 + 1), true);
    expect(agg.partitionInfo(0)).toMatchObject({ restoreOffset: 10, counters: { ordersCreated: 8 } });
    const d = agg.takeDeltas().get(0)!;
    expect(d.counters.ordersCreated).toBe(1);
    expect(d.metrics.find((m) => m.series === "orders.status")).toMatchObject({
      key: "created",
      value: 1,
      bucket: T0 / 1000,
    });
    expect(d.metrics.find((m) => m.series === "orders.city")?.bucket).toBe(Math.floor(T0 / 60_000) * 60);
    clock.advance(10_000);
    expect(agg.frame().orders["10s"]).toBe(2);
    expect(agg.takeDeltas().size).toBe(0);
  });

  it("gives the same view from 3 workers as from 1 when partitions are split", () => {
    const events: LaunchEvent[] = [];
    for (let i = 0; i < 600; i++) {
      events.push(order(i % 3, T0 + i * 97, i % 5 === 0 ? "made" : "created"));
      events.push(apiCall(T0 + i * 97, 10 + (i % 50), i % 7 === 0 ? 503 : 200));
    }
    const partitionOf = (e: LaunchEvent) => (e.type === "order" ? e.shopId : 3);
    const clock = fakeClock();
    const one = createAggregator({ source: "one", capacity: table, clock: clock.now });
    const three = [0, 1, 2].map((i) =>
      createAggregator({ source: `w${i}`, capacity: table, clock: clock.now }),
    );
    events.forEach((e, off) => {
      const p = partitionOf(e);
      one.ingest(p, off, e, true);
      three[p % 3]!.ingest(p, off, e, true);
    });
    clock.advance(10_000);
    const single = combineFrames([one.frame()]);
    const split = combineFrames(three.map((a) => a.frame()));
    for (const key of [
      "totals",
      "orders",
      "byChain",
      "byChainMade",
      "byChainFailed",
      "byCity",
      "byCityMade",
      "byCityFailed",
      "byStatus",
      "errorClasses",
      "topShops",
      "shopsOverCapacity",
    ] as const) {
      expect(split[key]).toEqual(single[key]);
    }
    // Shops over capacity per chain and city add up too: each shop is read by one worker.
    expect(split.shopsOver.byChain).toEqual(single.shopsOver.byChain);
    expect(split.shopsOver.byCity).toEqual(single.shopsOver.byCity);
    expect(single.shopsOverCapacity).toBeGreaterThan(0);
    expect(Object.values(single.shopsOver.byChain).reduce((a, b) => a + b, 0)).toBe(single.shopsOverCapacity);
    expect(split.shopsOver).toMatchObject({ counted: 3, sources: 3, shared: [], unread: [] });
    expect(split.endpoints.map((e) => [e.requests, e.errors])).toEqual(
      single.endpoints.map((e) => [e.requests, e.errors]),
    );
  });
});

describe("aggregator frames in event-time steps", () => {
  it("closes no further than the limit, so a replay can emit one frame per step", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 0 });
    for (let s = 0; s < 30; s++) agg.ingest(0, s, order(1, T0 + s * 1000), true);
    clock.advance(10_000);
    const base = T0 / 1000;
    expect(agg.closableEnd()).toBe(base + 30);
    const f1 = agg.frame(base + 10);
    expect(f1.watermark).toBe((base + 10) * 1000);
    expect(f1.seconds.length).toBe(10);
    const f2 = agg.frame(base + 20);
    expect(f2.seconds.map((p) => p.t)).toEqual(Array.from({ length: 10 }, (_, i) => base + 10 + i));
    expect(f2.orders["10s"]).toBe(10);
    expect(agg.frame().seconds.length).toBe(10);
  });
});

describe("aggregator against hostile event times and late duplicates", () => {
  const YEAR_2100 = Date.parse("2100-01-01T00:00:00Z");
  const wall = () => T0 + 3_600_000; // the wall clock an hour after the events

  it("quarantines an event dated in 2100: it moves no watermark and later events still count", () => {
    const clock = fakeClock();
    const agg = createAggregator({
      source: "w",
      capacity: table,
      clock: clock.now,
      graceMs: 2000,
      wallClock: wall,
    });
    for (let s = 0; s < 5; s++) expect(agg.ingest(0, s, order(1, T0 + s * 1000), true)).toBe("counted");
    const r = agg.ingest(0, 5, order(1, YEAR_2100), true);
    expect(r).toEqual({ rejected: expect.stringContaining("ts ahead of stream") });
    for (let s = 5; s < 10; s++) expect(agg.ingest(0, 6 + s, order(1, T0 + s * 1000), true)).toBe("counted");
    expect(agg.partitionInfo(0).watermark).toBe(T0 + 9000);
    expect(agg.partitionInfo(0).counters).toMatchObject({ ordersCreated: 10, ahead: 1, lateDropped: 0 });
    clock.advance(10_000);
    expect(agg.frame().totals.ahead).toBe(1);
  });

  it("quarantines a far-future first event of a partition (nothing to compare with but the wall clock)", () => {
    const agg = createAggregator({ source: "w", capacity: table, clock: fakeClock().now, wallClock: wall });
    expect(agg.ingest(3, 0, order(1, YEAR_2100), true)).toEqual({ rejected: expect.any(String) });
    expect(agg.ingest(3, 1, order(1, T0), true)).toBe("counted");
    expect(agg.partitionInfo(3).watermark).toBe(T0);
  });

  it("follows a real jump in time once confirmJump events in a row agree", () => {
    const agg = createAggregator({
      source: "w",
      capacity: table,
      clock: fakeClock().now,
      wallClock: wall,
      streamTime: { maxAheadMs: 60_000, confirmJump: 5, maxAheadOfClockMs: 0 },
    });
    agg.ingest(0, 0, order(1, T0), true);
    const jumped = T0 + 86_400_000; // the producer's clock moved a day
    const results = Array.from({ length: 10 }, (_, i) =>
      agg.ingest(0, 1 + i, order(1, jumped + i * 100), true),
    );
    expect(results.slice(0, 4).every((r) => typeof r === "object")).toBe(true);
    expect(results.slice(4)).toEqual(Array(6).fill("counted"));
    expect(agg.partitionInfo(0).watermark).toBe(jumped + 900);
  });

  it("never follows a hostile producer whose future events are mixed into normal traffic", () => {
    const agg = createAggregator({
      source: "w",
      capacity: table,
      clock: fakeClock().now,
      wallClock: wall,
      streamTime: { maxAheadMs: 60_000, confirmJump: 5, maxAheadOfClockMs: 0 },
    });
    let quarantined = 0;
    for (let i = 0; i < 100; i++) {
      agg.ingest(0, 2 * i, order(1, T0 + i * 100), true);
      if (typeof agg.ingest(0, 2 * i + 1, order(1, T0 + 7_200_000 + i), true) === "object") quarantined++;
    }
    expect(quarantined).toBe(100);
    expect(agg.partitionInfo(0).watermark).toBe(T0 + 9900);
  });

  it("drops re-sent unknown-shop orders as duplicates instead of dead-lettering them twice", () => {
    const agg = createAggregator({ source: "w", capacity: table, clock: fakeClock().now });
    const bad = { ...order(1, T0), shopId: 999, id: "bad-1" };
    expect(agg.ingest(0, 0, bad, true)).toEqual({ rejected: "unknown shop 999" });
    expect(agg.ingest(0, 1, bad, true)).toBe("duplicate");
  });

  it("drops duplicates 3 s apart while 10-minute-late events keep arriving (the simulator's chaos mix)", () => {
    const clock = fakeClock();
    const agg = createAggregator({
      source: "w",
      capacity: table,
      clock: clock.now,
      graceMs: 5000,
      wallClock: wall,
    });
    let offset = 0;
    let duplicates = 0;
    for (let s = 0; s < 900; s++) {
      const t = T0 + 1_200_000 + s * 1000;
      for (let k = 0; k < 4; k++)
        agg.ingest(0, offset++, order(1, t + k * 200, "created", `e${s}-${k}`), true);
      if (s % 2 === 0) agg.ingest(0, offset++, order(1, t - 600_000, "created", `late${s}`), true);
      if (
        s >= 3 &&
        agg.ingest(0, offset++, order(1, t - 3000, "created", `e${s - 3}-0`), true) === "duplicate"
      )
        duplicates++;
      clock.advance(1000);
      agg.frame();
    }
    expect(duplicates).toBe(897);
  });
});

describe("aggregator windows from the table", () => {
  it("reports every window of core/frames/windows.ts, each over its own length", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 0 });
    for (let s = 0; s < longestWindowSeconds + 5; s++) agg.ingest(0, s, order(1, T0 + s * 1000), true);
    clock.advance(10_000);
    const f = FrameSchema.parse(agg.frame());
    expect(Object.keys(f.orders)).toEqual(windowNames);
    for (const w of windowTable) expect(f.orders[w.name]).toBe(w.seconds);
  });

  it("refuses a lateness that would push a window out of its ring", () => {
    expect(() => createAggregator({ source: "w", capacity: table, graceMs: 65_000 })).toThrow(
      /the 1m window/,
    );
    expect(() => createAggregator({ source: "w", capacity: table, graceMs: 64_000 })).not.toThrow();
  });
});

describe("aggregator with empty partitions", () => {
  it("does not wait for a caught-up partition that has no events at all", () => {
    const clock = fakeClock();
    const agg = createAggregator({ source: "w", capacity: table, clock: clock.now, graceMs: 0 });
    agg.addPartition(0, undefined, false);
    agg.addPartition(1, undefined, true); // read to its log end: empty
    for (let s = 0; s < 20; s++) agg.ingest(0, s, order(1, T0 + s * 1000), true);
    // No idle time passes: the empty partition must not hold the windows open.
    expect(agg.closableEnd()).toBe(T0 / 1000 + 19);
  });
});
