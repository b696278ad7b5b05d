import { describe, expect, it } from "vitest";
import { endpointLoad, frame, secondPoint, shopLoad } from "../../tests/support/frame-factory";
import { combineFrames } from "../frames/combine";
import { appendRows, overviewRow } from "./chart-rows";
import { buildEndpointView } from "./endpoint-view";
import { buildOverview } from "./overview";
import { capacityFromGroups } from "./reference-capacity";
import { buildShopView } from "./shop-view";

const capacity = capacityFromGroups([{ chain: "Heytea", city: "Shenzhen", shops: 100, capacityPerMin: 300 }]);

describe("overview", () => {
  const view = combineFrames([
    frame({ source: "w1" }),
    frame({ source: "w2", endpoints: [endpointLoad("POST /order/create", { utilization: 1.4 })] }),
  ]);
  const o = buildOverview(view, capacity, { topShops: 3 });

  it("puts orders per second against what all counters can make", () => {
    expect(o.orders.perSec).toBe(20);
    expect(o.orders.capacityPerSec).toBe(5);
    // 1200 orders in the last minute over 300 per minute.
    expect(o.orders.utilization).toBe(4);
  });

  it("summarizes each endpoint and the API tier", () => {
    expect(o.endpoints.map((e) => e.endpoint)).toEqual(["POST /order/create", "POST /voucher/claim"]);
    const claim = o.endpoints[1]!;
    expect(claim.requestsPerSec).toBe(100);
    expect(claim.errorRate).toBeCloseTo(0.05);
    expect(o.api.requestsPerSec).toBe(200);
    expect(o.api.maxUtilization).toBe(1.4);
  });

  it("keeps the most overloaded shops first, bounded", () => {
    expect(o.topShops.map((s) => s.shopId)).toEqual([1, 1, 2]);
    expect(o.shops).toEqual({ total: 100, overCapacity: 4 });
  });

  it("shows zero utilization without reference data instead of dividing by zero", () => {
    expect(buildOverview(view, capacityFromGroups([])).orders.utilization).toBe(0);
  });
});

describe("shop and endpoint views", () => {
  it("prefers the watched entry and reports the rank among the top shops", () => {
    const view = combineFrames([
      frame({
        topShops: [shopLoad(7, { ratePerMin: 30 }), shopLoad(8)],
        watchedShops: [shopLoad(8, { ratePerMin: 9 })],
      }),
    ]);
    const info = { id: 8, chain: "Heytea", city: "Shenzhen", capacityPerMin: 3, weight: 1 };
    const v = buildShopView(view, 8, info);
    expect(v.load?.ratePerMin).toBe(9);
    expect(v.topRank).toBe(2);
    expect(buildShopView(view, 99, null)).toMatchObject({ load: null, topRank: null, info: null });
  });

  it("orders errors by class, largest first", () => {
    const v = buildEndpointView(combineFrames([frame()]), "POST /voucher/claim");
    expect(v.errorClasses.map((e) => e.errorClass)).toEqual(["timeout", "overload_503"]);
    expect(buildEndpointView(combineFrames([frame()]), "GET /nope")).toMatchObject({
      load: null,
      summary: null,
    });
  });
});

describe("chart rows", () => {
  it("turns a closed second into an overview row", () => {
    expect(overviewRow(secondPoint(5))).toEqual({
      t: 5,
      orders: 10,
      made: 6,
      failed: 1,
      downloads: 28,
      invites: 3,
      apiRequests: 100,
      apiErrors: 5,
    });
  });

  it("appends only newer rows and bounds the series", () => {
    const a = [{ t: 1 }, { t: 2 }];
    expect(appendRows(a, [{ t: 2 }, { t: 3 }])).toEqual([{ t: 1 }, { t: 2 }, { t: 3 }]);
    expect(appendRows(a, [{ t: 1 }])).toBe(a);
    expect(appendRows(a, [{ t: 3 }, { t: 4 }], 3)).toEqual([{ t: 2 }, { t: 3 }, { t: 4 }]);
  });
});
