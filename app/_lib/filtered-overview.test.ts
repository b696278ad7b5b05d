import { describe, expect, it } from "vitest";
import type { BreakdownRow } from "../../core/live/breakdown";
import type { OverviewView } from "../../core/live/overview";
import {
  alertsFor,
  apiSlice,
  endpointsSlice,
  ordersSlice,
  overallOnly,
  topShopsSlice,
} from "./filtered-overview";
import { noFilters } from "./filters";

const endpoint = (name: string, requestsPerSec: number) => ({
  endpoint: name,
  requestsPerSec,
  errorsPerSec: requestsPerSec / 10,
  retriesPerSec: 0,
  errorRate: 0.1,
  capacityPerSec: 100,
  utilization: requestsPerSec / 100,
  p99: 120,
  saturationInSec: null,
});
const shop = (shopId: number, chain: string, city: string) => ({
  shopId,
  chain,
  city,
  ratePerMin: 5,
  capacityPerMin: 2,
  utilization: 2.5,
  backlog: 30,
  waitMin: 15,
});
const view = {
  at: 0,
  watermark: 0,
  sources: 1,
  orders: { perSec: 500, perMin: 30_000, capacityPerSec: 400, utilization: 1.25 },
  downloads: { perSec: 20, invitesPerSec: 3 },
  totals: { ordersCreated: 1_000_000 },
  shops: { total: 300_000, overCapacity: 4000 },
  api: { requestsPerSec: 90, errorsPerSec: 9, errorRate: 0.1, maxUtilization: 0.6 },
  endpoints: [endpoint("POST /order", 60), endpoint("GET /menu", 30)],
  topShops: [shop(1, "Heytea", "Shanghai"), shop(2, "Nayuki", "Shanghai"), shop(3, "Heytea", "Beijing")],
} as unknown as OverviewView;
const row = (key: string, ordersPerSec: number): BreakdownRow => ({
  key,
  shops: 10,
  capacityPerMin: 600,
  ordersPerMin: ordersPerSec * 60,
  ordersPerSec,
  orders15m: ordersPerSec * 900,
  utilization: (ordersPerSec * 60) / 600,
  share: 0.5,
});

describe("the overview through the filters", () => {
  it("unfiltered: the overview's own numbers", () => {
    expect(ordersSlice(view, noFilters, null)).toEqual({
      ok: true,
      value: { perSec: 500, perMin: 30_000, capacityPerSec: 400, utilization: 1.25, last15m: null },
    });
    expect(apiSlice(view, noFilters)).toEqual({
      ok: true,
      value: { requestsPerSec: 90, errorRate: 0.1, maxUtilization: 0.6 },
    });
    expect(overallOnly(noFilters, 4000, "shops over capacity")).toEqual({ ok: true, value: 4000 });
  });

  it("a chain: its orders against its shops' capacity, its overloaded shops; what is not per chain has a reason, not a number", () => {
    const f = { ...noFilters, chain: "Heytea" };
    expect(ordersSlice(view, f, [row("Heytea", 12), row("Nayuki", 3)])).toEqual({
      ok: true,
      value: { perSec: 12, perMin: 720, capacityPerSec: 10, utilization: 1.2, last15m: 10_800 },
    });
    expect(topShopsSlice(view, f)).toEqual({ ok: true, value: [view.topShops[0], view.topShops[2]] });
    expect(apiSlice(view, f)).toEqual({
      ok: false,
      reason: "API calls are not broken down by chain in the frames",
    });
    expect(overallOnly(f, 4000, "shops over capacity")).toEqual({
      ok: false,
      reason: "shops over capacity are not broken down by chain in the frames",
    });
    // Not loaded yet, or a chain the frames do not know: a reason, never 0.
    expect(ordersSlice(view, f, null)).toEqual({ ok: false, reason: "waiting for the chain breakdown" });
    expect(ordersSlice(view, { ...noFilters, chain: "Nope" }, [row("Heytea", 1)]).ok).toBe(false);
  });

  it("a chain and a city together: shops yes, orders no (no chain-by-city counts)", () => {
    const f = { ...noFilters, chain: "Heytea", city: "Shanghai" };
    expect(ordersSlice(view, f, [row("Heytea", 12)])).toEqual({
      ok: false,
      reason: "orders are counted per chain and per city, not per chain in one city",
    });
    expect(topShopsSlice(view, f)).toEqual({ ok: true, value: [view.topShops[0]] });
  });

  it("an endpoint: its own requests, errors and load; orders are not per endpoint", () => {
    const f = { ...noFilters, endpoint: "GET /menu" };
    expect(apiSlice(view, f)).toEqual({
      ok: true,
      value: { requestsPerSec: 30, errorRate: 0.1, maxUtilization: 0.3 },
    });
    expect(endpointsSlice(view, f)).toEqual({ ok: true, value: [view.endpoints[1]] });
    expect(ordersSlice(view, f, null)).toEqual({
      ok: false,
      reason: "orders are not broken down by endpoint in the frames",
    });
    expect(endpointsSlice(view, { ...noFilters, endpoint: "GET /nope" })).toEqual({
      ok: false,
      reason: 'no endpoint "GET /nope" in the frames',
    });
  });

  it("alerts: those of the slice, and the global ones", () => {
    const a = (id: string, labels: Record<string, string>) =>
      ({ id, labels }) as unknown as Parameters<typeof alertsFor>[0][number];
    const list = [
      a("heytea", { chain: "Heytea", shop: "1" }),
      a("nayuki", { chain: "Nayuki" }),
      a("lag", { alertname: "pipeline-lagging" }),
      a("ep", { endpoint: "GET /menu" }),
    ];
    expect(alertsFor(list, { ...noFilters, chain: "Heytea" }).map((x) => x.id)).toEqual(["heytea", "lag"]);
    expect(alertsFor(list, noFilters)).toHaveLength(4);
  });
});
