/** One valid order or API call at a chosen event time, as a test line (for streams built by hand). */
import { type TestLine, testEndpoints, testShops } from "./launch-events";

/** A `created` order for test shop `shopId` (default 0) at `ts`. */
export function orderLine(id: string, ts: number, shopId = 0): TestLine {
  const shop = testShops[shopId]!;
  return {
    topic: "orders",
    key: String(shop.id),
    kind: "ok",
    value: JSON.stringify({
      v: 1,
      type: "order",
      id,
      orderId: id,
      userId: "u",
      shopId: shop.id,
      chain: shop.chain,
      city: shop.city,
      amount: 25,
      status: "created",
      ts,
    }),
  };
}

/** A successful API call to `endpoint` (default the first test endpoint) at `ts`. */
export function apiLine(id: string, ts: number, endpoint = testEndpoints[0]!.name): TestLine {
  return {
    topic: "api",
    key: endpoint,
    kind: "ok",
    value: JSON.stringify({
      v: 1,
      type: "api",
      id,
      endpoint,
      status: 200,
      latencyMs: 20,
      errorClass: null,
      retry: false,
      ts,
    }),
  };
}
