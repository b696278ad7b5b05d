/**
 * The app's API tier under the launch. Each second, every endpoint gets requests derived from
 * what users are doing (orders, updates, installs, invites, shares) plus the clients' retries of
 * earlier failures. Beyond capacity an endpoint sheds the excess (503s, gateway timeouts,
 * upstream errors), latency of what it serves climbs, and retries add to the next seconds' load.
 */
import type { ApiEndpointRef } from "../reference/endpoints";
import { logNormal, poisson, uniform } from "./distributions";
import type { Rng } from "./rng";

export const apiDrivers = ["orders", "updates", "installs", "invites", "shares"] as const;
export type ApiDriver = (typeof apiDrivers)[number];
export type ApiDrivers = Record<ApiDriver, number>;

/**
 * Requests per user action, by endpoint. Not every action shows up everywhere: most users
 * already have the app configured and a shop in mind, so config and nearby calls are a fraction
 * of orders. These coefficients set the size of the `api` topic (see docs/EVENTS.md).
 */
export const requestsPerAction: Readonly<Record<string, Partial<ApiDrivers>>> = {
  "POST /voucher/claim": { orders: 0.15, updates: 0.4, invites: 0.4 },
  "POST /order/create": { orders: 1 },
  "GET /shops/nearby": { orders: 0.05 },
  "GET /app/config": { updates: 0.25, installs: 0.25, invites: 0.25 },
  "POST /auth/login": { installs: 0.5, invites: 0.5 },
  "POST /invite/share": { shares: 0.5 },
};

/** Error classes the gateway reports. */
export const apiErrorClasses = ["overload_503", "timeout", "upstream_5xx"] as const;
export type ApiErrorClass = (typeof apiErrorClasses)[number];

/** Receives one request. `endpoint` indexes the endpoint list. */
export type ApiEmit = (
  endpoint: number,
  status: number,
  latencyMs: number,
  errorClass: ApiErrorClass | null,
  retry: boolean,
  atMs: number,
) => void;

export interface EndpointStats {
  endpoint: string;
  requests: number;
  errors: number;
  retries: number;
  errorClasses: Record<ApiErrorClass, number>;
  /**
   * Seconds in which the endpoint received more requests (first attempts and retries, by event
   * time) than its capacity per second: what a replay report's "minutes over capacity" counts
   * from the per-second request aggregates, so the two agree exactly.
   */
  overloadedSeconds: number;
  /** Highest load / capacity seen in a second. */
  maxUtilization: number;
  /**
   * Requests and errors during the seconds the tier sheds (its smoothed load above capacity):
   * the error rate there versus the rest.
   */
  requestsWhileOverloaded: number;
  errorsWhileOverloaded: number;
}

export interface ApiModel {
  /** Generates the requests of second `second` starting at `startMs` (event time). */
  step(second: number, startMs: number, drivers: ApiDrivers, rng: Rng, emit: ApiEmit): void;
  stats(): EndpointStats[];
}

export interface ApiModelOptions {
  endpoints: readonly ApiEndpointRef[];
  /** Volume scale: capacities are multiplied by it, so overload looks the same at any scale (default 1). */
  scale?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Chance a client retries a failed request (default 0.8). */
  retryProbability?: number;
  /** Gateway timeout, ms (default 10 s). */
  timeoutMs?: number;
  /** Failures when not overloaded (default 0.2%). */
  baseErrorRate?: number;
}

function newEndpointStats(endpoint: string): EndpointStats {
  return {
    endpoint,
    requests: 0,
    errors: 0,
    retries: 0,
    errorClasses: { overload_503: 0, timeout: 0, upstream_5xx: 0 },
    overloadedSeconds: 0,
    maxUtilization: 0,
    requestsWhileOverloaded: 0,
    errorsWhileOverloaded: 0,
  };
}

/** Retries due per second, per endpoint and attempt: [endpoint * maxRetries + (attempt - 1)]. */
function createRetrySchedule(n: number, maxRetries: number) {
  const retriesDue = new Map<number, Int32Array>();
  return {
    schedule(second: number, endpoint: number, attempt: number, rng: Rng) {
      // Exponential backoff with jitter: 1-2 s, 2-3 s, 4-5 s...
      const due = second + 2 ** (attempt - 1) + (rng.next() < 0.5 ? 0 : 1);
      let slot = retriesDue.get(due);
      if (!slot) {
        slot = new Int32Array(n * maxRetries);
        retriesDue.set(due, slot);
      }
      slot[endpoint * maxRetries + attempt - 1]!++;
    },
    take(second: number): Int32Array | undefined {
      const due = retriesDue.get(second);
      retriesDue.delete(second);
      return due;
    },
  };
}

/** Creates the API model; all endpoints start idle with no retries pending. */
export function createApiModel({
  endpoints,
  scale = 1,
  maxRetries = 3,
  retryProbability = 0.8,
  timeoutMs = 10_000,
  baseErrorRate = 0.002,
}: ApiModelOptions): ApiModel {
  const n = endpoints.length;
  const coefficients = endpoints.map((e) => apiDrivers.map((d) => requestsPerAction[e.name]?.[d] ?? 0));
  const okStatus = endpoints.map((e) => (e.name.startsWith("POST /order/") ? 201 : 200));
  const retries = createRetrySchedule(n, maxRetries);
  const smoothedRetries = new Float64Array(n);
  const stats = endpoints.map((e) => newEndpointStats(e.name));

  return {
    step(second, startMs, drivers, rng, emit) {
      const due = retries.take(second);
      for (let e = 0; e < n; e++) {
        const ref = endpoints[e]!;
        const st = stats[e]!;
        const coef = coefficients[e]!;
        let demand = 0;
        for (let d = 0; d < apiDrivers.length; d++) demand += coef[d]! * drivers[apiDrivers[d]!];
        let retryCount = 0;
        if (due) for (let a = 0; a < maxRetries; a++) retryCount += due[e * maxRetries + a]!;
        // Retries arrive in bursts; the tier feels their recent average.
        smoothedRetries[e] = 0.7 * smoothedRetries[e]! + 0.3 * retryCount;
        const capacity = ref.capacityPerSecond * scale;
        const utilization = (demand + smoothedRetries[e]!) / capacity;
        const shed = utilization > 1 ? 1 - 1 / utilization : 0;
        const overloaded = utilization > 1;
        if (utilization > st.maxUtilization) st.maxUtilization = utilization;
        const medianMs =
          utilization <= 1
            ? ref.baseLatencyMs * (1 + 2 * utilization ** 3)
            : Math.min(ref.baseLatencyMs * (3 + 12 * (utilization - 1)), 0.6 * timeoutMs);
        const first = poisson(rng, demand);
        const total = first + retryCount;
        if (total > capacity) st.overloadedSeconds++;
        for (let i = 0; i < total; i++) {
          // Retries first, by attempt number, then first attempts; order within a second is free.
          let attempt = 0;
          if (i < retryCount) {
            let k = i;
            for (let a = 0; a < maxRetries; a++) {
              const c = due![e * maxRetries + a]!;
              if (k < c) {
                attempt = a + 1;
                break;
              }
              k -= c;
            }
          }
          const atMs = startMs + Math.floor(rng.next() * 1000);
          const r = rng.next();
          let status: number;
          let latency: number;
          let errorClass: ApiErrorClass | null = null;
          if (r < shed) {
            const kind = rng.next();
            if (kind < 0.65) {
              status = 503;
              errorClass = "overload_503";
              latency = logNormal(rng, 8, 0.5);
            } else if (kind < 0.9) {
              status = 504;
              errorClass = "timeout";
              latency = timeoutMs + uniform(rng, 0, 50);
            } else {
              status = 502;
              errorClass = "upstream_5xx";
              latency = logNormal(rng, ref.baseLatencyMs * 3, 0.5);
            }
          } else if (r < shed + baseErrorRate) {
            if (rng.next() < 0.6) {
              status = 500;
              errorClass = "upstream_5xx";
              latency = logNormal(rng, ref.baseLatencyMs * 2, 0.5);
            } else {
              status = 504;
              errorClass = "timeout";
              latency = timeoutMs + uniform(rng, 0, 50);
            }
          } else {
            status = okStatus[e]!;
            latency = Math.min(logNormal(rng, medianMs, 0.4), timeoutMs);
          }
          st.requests++;
          if (attempt > 0) st.retries++;
          if (overloaded) st.requestsWhileOverloaded++;
          if (errorClass !== null) {
            st.errors++;
            st.errorClasses[errorClass]++;
            if (overloaded) st.errorsWhileOverloaded++;
            if (attempt < maxRetries && rng.next() < retryProbability)
              retries.schedule(second, e, attempt + 1, rng);
          }
          emit(e, status, Math.round(latency), errorClass, attempt > 0, atMs);
        }
      }
    },
    stats: () => stats.map((s) => ({ ...s, errorClasses: { ...s.errorClasses } })),
  };
}
