/**
 * Rows the charts draw. Live per-second points and history samples become the same row shapes,
 * so one chart component shows either. All rates are per second.
 */
import type { EndpointLoad, SecondPoint } from "../frames/frame";

export interface OverviewRow {
  /** Epoch seconds. */
  t: number;
  orders: number;
  made: number;
  failed: number;
  /** Installs, updates and invited installs. */
  downloads: number;
  invites: number;
  apiRequests: number;
  apiErrors: number;
}

/** One second of an endpoint's chart. Counts are per second; latency is the last minute's, in ms. */
export interface EndpointRow {
  t: number;
  requests: number;
  errors: number;
  retries: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** An overview row from one closed second. */
export function overviewRow(p: SecondPoint): OverviewRow {
  let apiRequests = 0;
  let apiErrors = 0;
  for (const c of Object.values(p.api)) {
    apiRequests += c.requests;
    apiErrors += c.errors;
  }
  return {
    t: p.t,
    orders: p.orders.created,
    made: p.orders.made,
    failed: p.orders.failed,
    downloads: p.downloads.install + p.downloads.update + p.downloads.invite,
    invites: p.downloads.invite,
    apiRequests,
    apiErrors,
  };
}

/**
 * An endpoint row from one closed second. Points carry counts only: latency comes from `load`,
 * the endpoint's load current when the point was released (the live hub has it), else null.
 */
export function endpointRowFromPoint(
  p: SecondPoint,
  endpoint: string,
  load: EndpointLoad | null = null,
): EndpointRow {
  const c = p.api[endpoint];
  return {
    t: p.t,
    requests: c?.requests ?? 0,
    errors: c?.errors ?? 0,
    retries: c?.retries ?? 0,
    p50: load?.p50 ?? null,
    p95: load?.p95 ?? null,
    p99: load?.p99 ?? null,
  };
}

/**
 * Appends rows to a series kept for a live chart: drops rows not newer than the last one (a
 * resent or duplicate point) and keeps at most `max` rows (default 900, 15 minutes of seconds).
 */
export function appendRows<R extends { t: number }>(
  series: readonly R[],
  rows: readonly R[],
  max = 900,
): R[] {
  const last = series.length ? series[series.length - 1]!.t : Number.NEGATIVE_INFINITY;
  const fresh = rows.filter((r) => r.t > last);
  if (fresh.length === 0) return series as R[];
  const out = series.concat(fresh);
  return out.length > max ? out.slice(out.length - max) : out;
}
