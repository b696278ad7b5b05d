/**
 * The simulator's `--chaos` timing at test scale: events in event-time order, exact re-sends of
 * about 2% of them 0-3 s later, and an event 5-20 minutes late every half second. Every line
 * says what it is, so a test can recount without the code under test.
 */
import type { LaunchEvent } from "../../core/events/decode";
import { type TestLine, testEndpoints, testShops } from "./launch-events";

export function makeChaosStream({
  seconds = 720,
  perSecond = 200,
  start = 1_770_343_200_000,
  seed = 3,
} = {}): TestLine[] {
  let x = seed;
  const rnd = () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
  const line = (e: LaunchEvent, kind: TestLine["kind"]): TestLine => ({
    topic: e.type === "order" ? "orders" : e.type === "download" ? "downloads" : "api",
    key: e.type === "order" ? String(e.shopId) : e.type === "download" ? e.userId : e.endpoint,
    value: JSON.stringify(e),
    kind,
  });
  let n = 0;
  const event = (ts: number): LaunchEvent => {
    const i = n++;
    const r = rnd();
    if (r < 0.5) {
      const shop = testShops[Math.floor(rnd() ** 2 * testShops.length)]!;
      return {
        v: 1,
        type: "order",
        id: `co-${i}`,
        orderId: `order-${i}`,
        userId: `u-${i % 977}`,
        shopId: shop.id,
        chain: shop.chain,
        city: shop.city,
        amount: 25,
        status: rnd() < 0.7 ? "created" : "made",
        ts,
      };
    }
    if (r < 0.65) {
      return {
        v: 1,
        type: "download",
        id: `cd-${i}`,
        userId: `u-${i}`,
        kind: "install",
        inviterId: null,
        platform: "ios",
        channel: "app_store",
        ts,
      };
    }
    const failed = rnd() < 0.2;
    return {
      v: 1,
      type: "api",
      id: `ca-${i}`,
      endpoint: testEndpoints[Math.floor(rnd() * testEndpoints.length)]!.name,
      status: failed ? 503 : 200,
      latencyMs: Math.round(10 + rnd() * 400),
      errorClass: failed ? "overload_503" : null,
      retry: false,
      ts,
    };
  };
  const lines: TestLine[] = [];
  const resend = new Map<number, TestLine[]>();
  for (let s = 0; s < seconds; s++) {
    const t0 = start + s * 1000;
    for (const d of resend.get(s) ?? []) lines.push(d);
    resend.delete(s);
    for (let k = 0; k < perSecond; k++) {
      const e = event(t0 + Math.floor(rnd() * 1000));
      lines.push(line(e, "ok"));
      if (rnd() < 0.02) {
        const due = s + Math.floor(rnd() * 4); // 0-3 s later
        const list = resend.get(due) ?? [];
        list.push(line(e, "duplicate"));
        resend.set(due, list);
      }
      if (s > 0 && (k === 0 || k === perSecond / 2)) {
        lines.push(line(event(t0 - Math.floor((300 + rnd() * 900) * 1000)), "late"));
      }
    }
  }
  for (const list of resend.values()) lines.push(...list);
  return lines;
}
