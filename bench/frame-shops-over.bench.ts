/**
 * What one frame costs the aggregator with 300,000 shops, a fifth of them busy and a third of
 * those over capacity: `frame()` as a whole (closing the second, the top shops, the shops over
 * capacity in all and per chain and city), one frame a second of event time as a live worker
 * makes them (median and p95 over the frames). Issue 15 added the per-chain and per-city counts
 * to the pass that counted the total; side by side on one shop load, with 60,000 and then all
 * 300,000 shops active (a third over), the pass counting the total only and the one counting
 * per group too.
 *
 * Run: `npx tsx bench/frame-shops-over.bench.ts`.
 */
import { createAggregator } from "../core/aggregation/aggregator";
import { buildCapacityTable } from "../core/capacity/capacity-table";
import { createShopLoad } from "../core/capacity/shop-load";
import type { OrderEvent } from "../core/events/order";
import { generateReferenceData } from "../core/reference";
import { report } from "./support/machine";

const SHOPS = 300_000;
const BUSY = 60_000;
const FRAMES = Number(process.env.BENCH_FRAMES ?? 240);
const T0 = 1_770_343_200_000;

const ref = generateReferenceData(undefined, SHOPS);
const t = ref.shops;
const table = buildCapacityTable(
  Array.from({ length: t.count }, (_, id) => ({
    id,
    chain: t.chains[t.chainIndex[id]!]!,
    city: t.cities[t.cityIndex[id]!]!,
    capacityPerMinute: t.capacityPerMinute[id]!,
  })),
  ref.endpoints,
);
let now = 1_000_000;
const agg = createAggregator({ source: "bench", capacity: table, clock: () => now, idleMs: 1000 });
agg.addPartition(0);

// Busy shops (spread over the ids) get orders every second; every third at twice its capacity.
const busy = Array.from({ length: BUSY }, (_, i) => Math.floor((i * SHOPS) / BUSY));
let n = 0;
let offset = 0;
const order = (shopId: number, ts: number): OrderEvent => ({
  v: 1,
  type: "order",
  id: `o${n}`,
  orderId: `o${n++}`,
  userId: "u",
  shopId,
  chain: table.chains[table.chainOf[shopId]!]!,
  city: table.cities[table.cityOf[shopId]!]!,
  amount: 25,
  status: "created",
  ts,
});

const times: number[] = [];
for (let s = 0; s < FRAMES; s++) {
  const ts = T0 + s * 1000;
  for (let i = 0; i < busy.length; i++) {
    const shop = busy[i]!;
    const perMin = i % 3 === 0 ? 2 * table.capacityPerMin[shop]! + 1 : table.capacityPerMin[shop]! / 2;
    // Orders this second so that the minute holds about `perMin` of them.
    const k = Math.floor(((s + 1) * perMin) / 60) - Math.floor((s * perMin) / 60);
    for (let j = 0; j < k; j++) agg.ingest(0, offset++, order(shop, ts + j), true);
  }
  now += 1000;
  const start = performance.now();
  const f = agg.frame();
  const ms = performance.now() - start;
  if (s >= 60) times.push(ms); // the first minute fills the ring
  if (s === FRAMES - 1) console.log(`shops over capacity: ${f.shopsOverCapacity}`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const p95 = times[Math.floor(times.length * 0.95)]!;
console.log(`frame(): median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${times.length} frames`);

/** Median ms of 200 calls. */
const medianOf = (f: () => unknown) => {
  const r: number[] = [];
  for (let i = 0; i < 200; i++) {
    const a = performance.now();
    f();
    r.push(performance.now() - a);
  }
  return r.sort((a, b) => a - b)[100]!;
};
const passes: Record<string, number> = {};
for (const active of [BUSY, SHOPS]) {
  const load = createShopLoad({ capacity: table });
  for (let sec = 0; sec < 60; sec++) {
    for (let i = 0; i < active; i++) {
      const shop = Math.floor((i * SHOPS) / active);
      const perMin = i % 3 === 0 ? 2 * table.capacityPerMin[shop]! + 1 : table.capacityPerMin[shop]! / 2;
      const k = Math.floor(((sec + 1) * perMin) / 60) - Math.floor((sec * perMin) / 60);
      for (let j = 0; j < k; j++) load.arrive(shop, sec);
    }
  }
  load.closeUntil(60);
  const totalOnly = medianOf(() => load.overCapacity());
  const perGroup = medianOf(() => load.overCapacityBy());
  passes[`totalOnlyMs_${active}`] = totalOnly;
  passes[`perGroupMs_${active}`] = perGroup;
  console.log(
    `${active} active, ${load.overCapacity()} over: total only ${totalOnly.toFixed(3)} ms, with chains and cities ${perGroup.toFixed(3)} ms`,
  );
}
report(
  "frame-shops-over",
  { frameMedianMs: median, frameP95Ms: p95, ...passes },
  "aggregator frame() with 300,000 shops, 60,000 busy, 20,000 over capacity; the over-capacity pass alone, total only vs per chain and city",
);
