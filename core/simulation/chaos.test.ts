import { describe, expect, it } from "vitest";
import { decodeEvent } from "../events/decode";
import { chaosKinds, createChaos } from "./chaos";
import { orderMessage } from "./messages";
import { createRng, type Rng } from "./rng";
import type { WireMessage } from "./wire";

const START = 1_770_343_200_000;

function order(second: number, i: number): WireMessage {
  return orderMessage({
    v: 1,
    type: "order",
    id: `o${second}-${i}`,
    orderId: `o${second}-${i}`,
    userId: "u1",
    shopId: i % 50,
    chain: "Heytea",
    city: "Shenzhen",
    amount: 25,
    status: "created",
    ts: START + second * 1000 + i,
  });
}

const strayShop = (second: number, rng: Rng) =>
  orderMessage({
    v: 1,
    type: "order",
    id: `x${second}-${Math.floor(rng.next() * 1e9)}`,
    orderId: "x",
    userId: "u2",
    shopId: 1000 + Math.floor(rng.next() * 10),
    chain: "Heytea",
    city: "Shenzhen",
    amount: 25,
    status: "created",
    ts: START + second * 1000,
  });

/**
 * Runs `seconds` seconds of 200 orders each through chaos, then empty seconds until everything
 * held back has come out (late events wait up to 20 min). Returns what came out, by second.
 */
function run(rate: number, seconds = 600) {
  const chaos = createChaos({ rng: createRng("chaos-test"), rate, unknownShopOrder: strayShop });
  const out: Array<{ second: number; m: WireMessage }> = [];
  let input = 0;
  for (let s = 0; s < seconds + 1201; s++) {
    const batch = s < seconds ? Array.from({ length: 200 }, (_, i) => order(s, i)) : [];
    input += batch.length;
    for (const m of chaos.apply(s, batch)) out.push({ second: s, m });
  }
  const leftover = chaos.drain();
  return { out, input, counts: chaos.counts, leftover };
}

describe("chaos", () => {
  it("passes everything through unchanged at rate 0", () => {
    const { out, input, counts } = run(0, 50);
    expect(out).toHaveLength(input);
    expect(Object.values(counts).every((c) => c === 0)).toBe(true);
  });

  it("injects every kind and accounts for each extra or moved message", () => {
    const { out, input, counts, leftover } = run(0.004);
    expect(leftover).toEqual([]);
    for (const kind of chaosKinds) expect(counts[kind]).toBeGreaterThan(50);
    // Malformed, unknown-shop and duplicate messages are extra; late and out-of-order ones are moved.
    expect(out).toHaveLength(input + counts.malformed + counts.unknownShop + counts.duplicate);

    const decoded = out.map(({ m }) => decodeEvent(m.value, "order"));
    expect(decoded.filter((d) => !d.ok)).toHaveLength(counts.malformed);
    const events = decoded.flatMap((d) => (d.ok && d.event.type === "order" ? [d.event] : []));
    expect(events.filter((e) => e.shopId >= 1000)).toHaveLength(counts.unknownShop);
    const ids = new Map<string, number>();
    for (const e of events) ids.set(e.id, (ids.get(e.id) ?? 0) + 1);
    expect([...ids.values()].filter((n) => n === 2)).toHaveLength(counts.duplicate);
  });

  it("delivers out-of-order events seconds late and late events minutes late", () => {
    const { out, counts } = run(0.004);
    const lag = out.flatMap(({ second, m }) => {
      const d = decodeEvent(m.value, "order");
      return d.ok ? [second - Math.floor((d.event.ts - START) / 1000)] : [];
    });
    const seconds = lag.filter((l) => l >= 2 && l <= 30).length;
    const minutes = lag.filter((l) => l >= 300).length;
    // Duplicates re-sent up to 3 s later also show a small lag.
    expect(seconds).toBeGreaterThanOrEqual(counts.outOfOrder);
    expect(minutes).toBe(counts.late);
    expect(lag.every((l) => l >= 0)).toBe(true);
  });

  it("hands out what it still holds when the run ends", () => {
    const chaos = createChaos({ rng: createRng("drain"), rate: 0.05, unknownShopOrder: strayShop });
    const sent = chaos.apply(
      0,
      Array.from({ length: 1000 }, (_, i) => order(0, i)),
    );
    const held = chaos.drain();
    const { malformed, unknownShop, duplicate, late, outOfOrder } = chaos.counts;
    expect(sent.length + held.length).toBe(1000 + malformed + unknownShop + duplicate);
    expect(held.length).toBeGreaterThanOrEqual(late + outOfOrder);
    expect(late + outOfOrder).toBeGreaterThan(0);
    expect(chaos.drain()).toEqual([]);
  });

  it("is deterministic for a seed", () => {
    const a = run(0.004, 100).out.map(({ m }) => m.value);
    const b = run(0.004, 100).out.map(({ m }) => m.value);
    expect(a).toEqual(b);
  });
});
