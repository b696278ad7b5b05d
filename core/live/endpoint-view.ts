/** One API endpoint's live state: rates, errors by class and latency percentiles. */
import type { CombinedView } from "../frames/combine";
import type { EndpointLoad, SecondPoint } from "../frames/frame";
import { type EndpointSummary, summarizeEndpoint } from "./overview";

export interface EndpointView {
  endpoint: string;
  /** Null while no worker reports the endpoint. */
  load: EndpointLoad | null;
  summary: EndpointSummary | null;
  /** Errors by class over the last minute, largest first. */
  errorClasses: Array<{ errorClass: string; count: number }>;
  /** Every endpoint in the frame, for the picker. */
  known: string[];
  at: number;
}

/** One second of an endpoint's chart. Counts are per second; latency is the last minute's, in ms. */
export interface EndpointSample {
  t: number;
  requests: number;
  errors: number;
  retries: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function buildEndpointView(view: CombinedView, endpoint: string): EndpointView {
  const load = view.endpoints.find((e) => e.endpoint === endpoint) ?? null;
  return {
    endpoint,
    load,
    summary: load ? summarizeEndpoint(load) : null,
    errorClasses: load
      ? Object.entries(load.errorClasses)
          .map(([errorClass, count]) => ({ errorClass, count }))
          .sort((a, b) => b.count - a.count || a.errorClass.localeCompare(b.errorClass))
      : [],
    known: view.endpoints.map((e) => e.endpoint),
    at: view.at,
  };
}

/** The endpoint's second from a combined point; latency from the load current when it was released. */
export function endpointSample(
  point: SecondPoint,
  endpoint: string,
  load: EndpointLoad | null,
): EndpointSample {
  const c = point.api[endpoint];
  return {
    t: point.t,
    requests: c?.requests ?? 0,
    errors: c?.errors ?? 0,
    retries: c?.retries ?? 0,
    p50: load?.p50 ?? null,
    p95: load?.p95 ?? null,
    p99: load?.p99 ?? null,
  };
}
