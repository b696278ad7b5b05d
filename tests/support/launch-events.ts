/**
 * A small, fully known event stream for the worker tests: orders, downloads and API calls over
 * a few minutes, with out-of-order events inside the grace period, late events far behind,
 * duplicates, malformed lines and orders for unknown shops. Every line says what it is, so the
 * tests can recount independently of the code under test.
 */
import type { ShopRef } from "../../core/capacity/capacity-table";
import type { LaunchEvent } from "../../core/events/decode";

export type LineKind = "ok" | "duplicate" | "late" | "malformed" | "unknown-shop";

export interface TestLine {
  topic: "orders" | "downloads" | "api";
  key: string;
  value: string;
  kind: LineKind;
}

export const testShops: ShopRef[] = Array.from({ length: 60 }, (_, i) => ({
  id: i,
  chain: ["Heytea", "Nayuki's Tea", "Luckin"][i % 3]!,
  city: ["Shenzhen", "Shanghai", "Chengdu", "Xiamen"][i % 4]!,
  capacityPerMinute: 2 + (i % 5),
}));

export const testEndpoints = [
  { name: "POST /voucher/claim", capacityPerSecond: 40, baseLatencyMs: 30 },
  { name: "POST /order/create", capacityPerSecond: 25, baseLatencyMs: 50 },
];

/** Deterministic stream of about `n` lines starting at `start` (epoch ms). */
export function makeTestStream({ n = 20_000, start = 1_770_343_200_000, seed = 1 } = {}): TestLine[] {
  let x = seed;
  const rnd = () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
  const lines: TestLine[] = [];
  const spanMs = 6 * 60_000;
  const events: LaunchEvent[] = [];
  for (let i = 0; i < n; i++) {
    // Mostly increasing time with jitter of up to 2 s backwards (inside a 5 s grace).
    const ts = Math.floor(start + (i / n) * spanMs - rnd() * 2000) + 2000;
    const r = rnd();
    if (r < 0.5) {
      const shop = testShops[Math.floor(rnd() ** 2 * testShops.length)]!;
      const statuses = ["created", "created", "created", "accepted", "made", "failed"] as const;
      events.push({
        v: 1,
        type: "order",
        id: `o-${i}`,
        orderId: `order-${i}`,
        userId: `u-${i % 977}`,
        shopId: shop.id,
        chain: shop.chain,
        city: shop.city,
        amount: 25,
        status: statuses[Math.floor(rnd() * statuses.length)]!,
        ts,
      });
    } else if (r < 0.65) {
      const kind = (["install", "update", "invite"] as const)[Math.floor(rnd() * 3)]!;
      events.push({
        v: 1,
        type: "download",
        id: `d-${i}`,
        userId: `u-${i}`,
        kind,
        inviterId: kind === "invite" ? `u-${i % 101}` : null,
        platform: rnd() < 0.5 ? "ios" : "android",
        channel: kind === "invite" ? "share_link" : "app_store",
        ts,
      });
    } else {
      const failed = rnd() < 0.2;
      events.push({
        v: 1,
        type: "api",
        id: `a-${i}`,
        endpoint: testEndpoints[Math.floor(rnd() * testEndpoints.length)]!.name,
        status: failed ? 503 : 200,
        latencyMs: Math.round(10 + rnd() * 400),
        errorClass: failed ? (rnd() < 0.5 ? "overload_503" : "timeout") : null,
        retry: rnd() < 0.1,
        ts,
      });
    }
  }
  const topicOf = (e: LaunchEvent) =>
    e.type === "order" ? "orders" : e.type === "download" ? "downloads" : "api";
  const keyOf = (e: LaunchEvent) =>
    e.type === "order" ? String(e.shopId) : e.type === "download" ? e.userId : e.endpoint;
  events.forEach((e, i) => {
    lines.push({ topic: topicOf(e), key: keyOf(e), value: JSON.stringify(e), kind: "ok" });
    if (i % 97 === 0)
      lines.push({ topic: topicOf(e), key: keyOf(e), value: JSON.stringify(e), kind: "duplicate" });
    if (i % 501 === 0)
      lines.push({
        topic: "orders",
        key: "x",
        value: `{"v":1,"type":"order","id":"bad-${i}"`,
        kind: "malformed",
      });
    if (i % 733 === 0 && e.type === "order") {
      lines.push({
        topic: "orders",
        key: "999999",
        value: JSON.stringify({ ...e, id: `unknown-${i}`, shopId: 999_999 }),
        kind: "unknown-shop",
      });
    }
    // Late: an hour behind everything, sent once the stream is well under way.
    if (i > n / 2 && i % 1009 === 0) {
      lines.push({
        topic: topicOf(e),
        key: keyOf(e),
        value: JSON.stringify({ ...e, id: `late-${i}`, ts: start - 3_600_000 }),
        kind: "late",
      });
    }
  });
  return lines;
}
