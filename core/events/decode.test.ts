import { describe, expect, it } from "vitest";
import { decodeEvent, encodeEvent } from "./decode";
import type { OrderEvent } from "./order";

const order: OrderEvent = {
  v: 1,
  type: "order",
  id: "e1",
  orderId: "o1",
  userId: "u1",
  shopId: 42,
  chain: "Heytea",
  city: "Shenzhen",
  amount: 25,
  status: "created",
  ts: 1_770_336_000_000,
};

describe("decodeEvent", () => {
  it("round-trips each event type", () => {
    expect(decodeEvent(encodeEvent(order), "order")).toEqual({ ok: true, event: order });
    const dl = {
      v: 1,
      type: "download",
      id: "d1",
      userId: "u2",
      kind: "invite",
      inviterId: "u1",
      platform: "ios",
      channel: "share_link",
      ts: 1,
    } as const;
    expect(decodeEvent(JSON.stringify(dl))).toEqual({ ok: true, event: dl });
    const api = {
      v: 1,
      type: "api",
      id: "a1",
      endpoint: "POST /voucher/claim",
      status: 503,
      latencyMs: 1200,
      errorClass: "overload_503",
      retry: true,
      ts: 5,
    } as const;
    expect(decodeEvent(JSON.stringify(api), "api")).toEqual({ ok: true, event: api });
  });

  it.each([
    [null, "empty message"],
    ["", "empty message"],
    ["{not json", "malformed JSON"],
    ["[1,2]", "not a JSON object"],
    ['{"type":"refund","v":1}', 'unknown event type "refund"'],
    [JSON.stringify({ ...order, v: 2 }), "unsupported order event version 2"],
    [JSON.stringify({ ...order, shopId: -1 }), "invalid order event: shopId"],
    [JSON.stringify({ ...order, status: "eaten" }), "invalid order event: status"],
    [JSON.stringify({ ...order, v: 2, traceId: "t" }), "unsupported order event version 2"],
    [JSON.stringify({ ...order, traceId: "t", shopId: -1 }), "invalid order event: shopId"],
    [JSON.stringify({ ...order, ts: "yesterday" }), "invalid order event: ts"],
    ["x".repeat(20_000), "larger than"],
  ])("rejects %s with a reason", (input, reason) => {
    const r = decodeEvent(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it("accepts extra fields, names them and leaves them out of the event", () => {
    const r = decodeEvent(
      Buffer.from(JSON.stringify({ ...order, traceId: "t1", coupon: { c: 1 } })),
      "order",
    );
    expect(r).toEqual({ ok: true, event: order, extra: ["traceId", "coupon"] });
    // The native shape names none (and takes the byte-level path).
    expect(decodeEvent(encodeEvent(order), "order")).toEqual({ ok: true, event: order });
  });

  it("rejects an event on the wrong topic", () => {
    const r = decodeEvent(encodeEvent(order), "api");
    expect(r).toEqual({ ok: false, reason: "order event on the api topic" });
  });

  it("enforces the invite/inviter and status/errorClass pairings", () => {
    const r1 = decodeEvent(
      JSON.stringify({
        v: 1,
        type: "download",
        id: "d",
        userId: "u",
        kind: "install",
        inviterId: "x",
        platform: "ios",
        channel: "c",
        ts: 1,
      }),
    );
    expect(r1.ok).toBe(false);
    const r2 = decodeEvent(
      JSON.stringify({
        v: 1,
        type: "api",
        id: "a",
        endpoint: "GET /x",
        status: 200,
        latencyMs: 1,
        errorClass: "timeout",
        retry: false,
        ts: 1,
      }),
    );
    expect(r2.ok).toBe(false);
  });
});
