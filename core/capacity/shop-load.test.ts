import { describe, expect, it } from "vitest";
import { buildCapacityTable } from "./capacity-table";
import { createShopLoad } from "./shop-load";

const table = buildCapacityTable(
  [
    { id: 0, chain: "Heytea", city: "Shenzhen", capacityPerMinute: 60 },
    { id: 1, chain: "Luckin", city: "Xiamen", capacityPerMinute: 6 },
    { id: 2, chain: "Luckin", city: "Xiamen", capacityPerMinute: 3 },
  ],
  [],
);

describe("shop load", () => {
  it("counts the last minute of orders and forgets older ones", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 100; sec < 130; sec++) s.arrive(0, sec);
    s.closeUntil(130);
    expect(s.entry(0).ratePerMin).toBe(30);
    s.closeUntil(160);
    expect(s.entry(0).ratePerMin).toBe(30); // 100..129 are all within 60 s of 160
    s.closeUntil(161);
    expect(s.entry(0).ratePerMin).toBe(29); // second 100 left the window
    s.closeUntil(400);
    expect(s.entry(0).ratePerMin).toBe(0);
  });

  it("treats a shop at exactly its capacity as not over capacity, and builds no backlog", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 0; sec < 60; sec += 10) s.arrive(1, sec); // 6/min at 6/min capacity
    s.closeUntil(60);
    expect(s.entry(1).utilization).toBe(1);
    expect(s.overCapacity()).toBe(0);
    expect(s.entry(1).backlog).toBe(0);
  });

  it("builds a backlog while arrivals exceed capacity and drains it at capacity", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 0; sec < 60; sec++) s.arrive(2, sec); // 60/min at 3/min
    s.closeUntil(60);
    expect(s.overCapacity()).toBe(1);
    expect(s.entry(2).backlog).toBeCloseTo(60 - 3, 3);
    expect(s.entry(2).waitMin).toBeCloseTo(57 / 3, 3);
    s.closeUntil(120); // one quiet minute drains 3
    expect(s.entry(2).backlog).toBeCloseTo(54, 3);
    s.closeUntil(120 + 20 * 60); // long gap: drained to zero
    expect(s.entry(2).backlog).toBe(0);
    expect(s.active(2)).toBe(false);
  });

  it("ranks the most overloaded shops exactly", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 0; sec < 30; sec++) {
      s.arrive(0, sec);
      s.arrive(1, sec);
      s.arrive(2, sec);
    }
    s.closeUntil(30);
    expect(s.top(2).map((e) => e.shopId)).toEqual([2, 1]);
    expect(s.top(5).map((e) => e.shopId)).toEqual([2, 1, 0]);
  });
});

describe("shop load: over a factor", () => {
  it("lists exactly the shops above capacity x factor", () => {
    const s = createShopLoad({ capacity: table });
    for (let sec = 0; sec < 4; sec++) s.arrive(2, sec); // 4/min at 3/min
    for (let sec = 0; sec < 6; sec++) s.arrive(1, sec); // 6/min at 6/min: not over
    s.closeUntil(10);
    expect(s.over(1).map((e) => e.shopId)).toEqual([2]);
    expect(s.over(1.5).map((e) => e.shopId)).toEqual([]);
    expect(s.over(0.5).map((e) => e.shopId)).toEqual([1, 2]);
  });

  it("lists shops by ascending id whether few or most shops are active", () => {
    const big = buildCapacityTable(
      Array.from({ length: 1000 }, (_, id) => ({
        id,
        chain: "Luckin",
        city: "Xiamen",
        capacityPerMinute: 1,
      })),
      [],
    );
    const few = createShopLoad({ capacity: big });
    for (const shop of [900, 500, 7]) for (let sec = 0; sec < 3; sec++) few.arrive(shop, sec);
    few.closeUntil(3);
    expect(few.over(1).map((e) => e.shopId)).toEqual([7, 500, 900]);
    const most = createShopLoad({ capacity: big });
    for (let shop = 999; shop >= 0; shop--) for (let sec = 0; sec < 2; sec++) most.arrive(shop, sec);
    most.closeUntil(2);
    expect(most.over(1).map((e) => e.shopId)).toEqual(Array.from({ length: 1000 }, (_, id) => id));
  });

  it("gives the same rates, backlogs, rankings and counts as visiting every shop each second", () => {
    // A reference that visits every shop every second (what the sparse version must equal).
    const n = 40;
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const shops = Array.from({ length: n }, (_, id) => ({
      id,
      chain: `C${id % 3}`,
      city: `X${id % 7}`,
      capacityPerMinute: [0, 1, 3, 6, 20][id % 5]!,
    }));
    const t = buildCapacityTable(shops, []);
    const s = createShopLoad({ capacity: t });
    const arrivals = new Map<number, number[]>();
    const refBacklog = new Float32Array(n);
    let refClosed = 1000;
    const refRate = (shop: number) => {
      let r = 0;
      for (let sec = refClosed - 60; sec < refClosed; sec++)
        for (const x of arrivals.get(sec) ?? []) if (x === shop) r++;
      return r;
    };
    const refClose = (end: number) => {
      if (end - refClosed > 60) {
        // A gap longer than the ring drains backlogs in one step (no arrivals in it here).
        const gap = end - 60 - refClosed;
        for (let shop = 0; shop < n; shop++) {
          const b = refBacklog[shop]!;
          if (b > 0) refBacklog[shop] = Math.max(0, b - (t.capacityPerMin[shop]! / 60) * gap);
        }
        refClosed = end - 60;
      }
      for (; refClosed < end; refClosed++) {
        const counts = new Map<number, number>();
        for (const x of arrivals.get(refClosed) ?? []) counts.set(x, (counts.get(x) ?? 0) + 1);
        for (let shop = 0; shop < n; shop++) {
          const a = counts.get(shop) ?? 0;
          const b = refBacklog[shop]!;
          if (a !== 0 || b > 0) refBacklog[shop] = Math.max(0, b + a - t.capacityPerMin[shop]! / 60);
        }
      }
    };
    /** The ranking a scan of every shop in id order makes (bounded insertion, ties keep id order). */
    const refTop = (all: ReturnType<typeof s.entry>[], k: number) => {
      const best: typeof all = [];
      for (const e of all) {
        if (e.ratePerMin === 0 && e.backlog === 0) continue;
        const u = e.capacityPerMin > 0 ? e.ratePerMin / e.capacityPerMin : Number.POSITIVE_INFINITY;
        const worst = best[k - 1];
        if (worst && (u < worst.utilization || (u === worst.utilization && e.backlog <= worst.backlog)))
          continue;
        let i = best.length;
        while (
          i > 0 &&
          (best[i - 1]!.utilization < u ||
            (best[i - 1]!.utilization === u && best[i - 1]!.backlog < e.backlog))
        )
          i--;
        best.splice(i, 0, e);
        if (best.length > k) best.pop();
      }
      return best.map((e) => e.shopId);
    };
    let sec = 1000;
    let checks = 0;
    for (let step = 0; step < 400; step++) {
      // Bursts on a few shops, quiet spells, and now and then a gap longer than the ring.
      const len = rnd() < 0.03 ? 61 + Math.floor(rnd() * 200) : 1 + Math.floor(rnd() * 20);
      for (let k = 0; k < len; k++, sec++) {
        if (len > 60) continue;
        const list: number[] = [];
        const m = Math.floor(rnd() * 12);
        for (let i = 0; i < m; i++) list.push(Math.floor(rnd() * rnd() * n));
        arrivals.set(sec, list);
        for (const shop of list) s.arrive(shop, sec);
      }
      s.closeUntil(sec);
      refClose(sec);
      const all = Array.from({ length: n }, (_, shop) => s.entry(shop));
      for (const e of all) {
        expect(e.ratePerMin).toBe(refRate(e.shopId));
        expect(e.backlog).toBe(refBacklog[e.shopId]);
        expect(s.active(e.shopId)).toBe(e.ratePerMin > 0 || e.backlog > 0);
        if (e.ratePerMin > 0) checks++;
      }
      expect(s.top(5).map((e) => e.shopId)).toEqual(refTop(all, 5));
      const overShops = all.filter((e) => e.ratePerMin > e.capacityPerMin);
      expect(s.overCapacity()).toBe(overShops.length);
      // Per chain and city, as a scan of every shop counts them (groups with none left out).
      const tally = (name: (id: number) => string) => {
        const out: Record<string, number> = {};
        for (const e of overShops) out[name(e.shopId)] = (out[name(e.shopId)] ?? 0) + 1;
        return out;
      };
      expect(s.overCapacityBy()).toEqual({
        total: overShops.length,
        byChain: tally((id) => `C${id % 3}`),
        byCity: tally((id) => `X${id % 7}`),
      });
      expect(s.over(1.5).map((e) => e.shopId)).toEqual(
        all.filter((e) => e.ratePerMin > e.capacityPerMin * 1.5).map((e) => e.shopId),
      );
    }
    expect(checks).toBeGreaterThan(1000);
  });
});
