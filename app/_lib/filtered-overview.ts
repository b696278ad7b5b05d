/**
 * The overview through the dashboard's filters (chain, city, endpoint). Each number is taken
 * from the frames' own breakdown where one exists: orders per chain or per city (`byChain`,
 * `byCity`, as the chain and city rooms report them against their shops' capacity), each
 * endpoint's requests, errors and load, the overloaded shops' chain and city. A number the
 * frames do not break down that way is not shown at all: the slice says why ("–" on the page),
 * never a 0 or the unfiltered total. Pure.
 */

import type { ShopLoad } from "../../core/frames/frame";
import type { ActiveAlert } from "../../core/live/alerts";
import type { BreakdownRow } from "../../core/live/breakdown";
import type { EndpointSummary, OverviewView } from "../../core/live/overview";
import { type FilterDim, type Filters, filterDims } from "./filters";

/** A filtered value, or why there is none. */
export type Slice<T> = { ok: true; value: T } | { ok: false; reason: string };

const no = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Null when every set filter is one of `by`; else why `what` cannot be filtered. */
export function unsupported(f: Filters, by: readonly FilterDim[], what: string): string | null {
  const dim = filterDims.find((d) => f[d] !== null && !by.includes(d));
  return dim === undefined ? null : `${what} are not broken down by ${dim} in the frames`;
}

export interface OrdersSlice {
  perSec: number;
  perMin: number;
  capacityPerSec: number;
  utilization: number;
  /** Orders over the last 15 minutes (what a chain or city has instead of a total since start). */
  last15m: number | null;
}

/**
 * Orders per second against capacity: all of them, or one chain's or one city's. `rows`: the
 * chain room's rows with a chain filter, the city room's with a city filter (null: not yet).
 */
export function ordersSlice(
  v: OverviewView,
  f: Filters,
  rows: readonly BreakdownRow[] | null,
): Slice<OrdersSlice> {
  const why = unsupported(f, ["chain", "city"], "orders");
  if (why) return no(why);
  if (f.chain !== null && f.city !== null)
    return no("orders are counted per chain and per city, not per chain in one city");
  const dim = f.chain !== null ? "chain" : f.city !== null ? "city" : null;
  if (dim === null)
    return {
      ok: true,
      value: {
        perSec: v.orders.perSec,
        perMin: v.orders.perMin,
        capacityPerSec: v.orders.capacityPerSec,
        utilization: v.orders.utilization,
        last15m: null,
      },
    };
  if (rows === null) return no(`waiting for the ${dim} breakdown`);
  const key = f[dim];
  const row = rows.find((r) => r.key === key);
  if (!row) return no(`no ${dim} "${key}" in the frames or the shops' reference data`);
  return {
    ok: true,
    value: {
      perSec: row.ordersPerSec,
      perMin: row.ordersPerMin,
      capacityPerSec: row.capacityPerMin / 60,
      utilization: row.utilization,
      last15m: row.orders15m,
    },
  };
}

/** The endpoints shown (KPI, gauges, charts): all, or the one filtered on. */
export function endpointsSlice(v: OverviewView, f: Filters): Slice<EndpointSummary[]> {
  const why = unsupported(f, ["endpoint"], "API calls");
  if (why) return no(why);
  if (f.endpoint === null) return { ok: true, value: v.endpoints };
  const e = v.endpoints.find((x) => x.endpoint === f.endpoint);
  return e ? { ok: true, value: [e] } : no(`no endpoint "${f.endpoint}" in the frames`);
}

export interface ApiSlice {
  requestsPerSec: number;
  errorRate: number;
  maxUtilization: number;
}

/** The API card: every endpoint's sum, or the filtered endpoint's own numbers. */
export function apiSlice(v: OverviewView, f: Filters): Slice<ApiSlice> {
  const eps = endpointsSlice(v, f);
  if (!eps.ok) return eps;
  if (f.endpoint === null)
    return {
      ok: true,
      value: {
        requestsPerSec: v.api.requestsPerSec,
        errorRate: v.api.errorRate,
        maxUtilization: v.api.maxUtilization,
      },
    };
  const e = eps.value[0]!;
  return {
    ok: true,
    value: { requestsPerSec: e.requestsPerSec, errorRate: e.errorRate, maxUtilization: e.utilization },
  };
}

/** The most overloaded shops of the view (its top 10), narrowed to a chain and/or a city. */
export function topShopsSlice(v: OverviewView, f: Filters): Slice<ShopLoad[]> {
  const why = unsupported(f, ["chain", "city"], "shops");
  if (why) return no(why);
  return {
    ok: true,
    value: v.topShops.filter(
      (s) => (f.chain === null || s.chain === f.chain) && (f.city === null || s.city === f.city),
    ),
  };
}

/** A number the frames only have overall (downloads, shops over capacity, totals): unfiltered only. */
export function overallOnly<T>(f: Filters, value: T, what: string): Slice<T> {
  const why = unsupported(f, [], what);
  return why ? no(why) : { ok: true, value };
}

/**
 * Alerts concerning the filtered slice: those labelled with each filtered value, plus alerts
 * about no chain, city, endpoint or shop at all (the pipeline's, global ones), which concern
 * every slice.
 */
export function alertsFor(alerts: readonly ActiveAlert[], f: Filters): ActiveAlert[] {
  const set = filterDims.filter((d) => f[d] !== null);
  if (set.length === 0) return [...alerts];
  return alerts.filter((a) => {
    const scoped = ["chain", "city", "endpoint", "shop"].some((k) => a.labels[k] !== undefined);
    return !scoped || set.every((d) => a.labels[d] === f[d]);
  });
}
