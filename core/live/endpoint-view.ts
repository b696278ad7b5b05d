/** One API endpoint's live state: rates, errors by class and latency percentiles. */
import type { CombinedView } from "../frames/combine";
import type { EndpointLoad } from "../frames/frame";
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
