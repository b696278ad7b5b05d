/**
 * Self-observability over HTTP, shared by the web and worker processes:
 * - `GET /healthz`: 200 while the process runs (liveness: restart me if this fails);
 * - `GET /readyz`: 200 when every readiness check passes, else 503 with the failing ones
 *   (readiness: send me traffic);
 * - `GET /metrics`: the Prometheus text format from a prom-client registry.
 * Who may read metrics and the reasons behind a failing check: a caller with the metrics token,
 * or (no token set) a loopback caller. Others get `/healthz` and the bare readiness verdict.
 * Mount {@link createObservabilityHandler} in an existing server, or run
 * {@link startObservabilityServer} on its own port.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";
import { describeError } from "../../core/errors";

export interface CheckResult {
  ok: boolean;
  /** Shown in the /readyz body; say what is wrong and what to check. */
  detail?: string;
}

export interface ReadinessCheck {
  name: string;
  check(): CheckResult | Promise<CheckResult>;
}

export interface ObservabilityOptions {
  registry: Registry;
  checks?: readonly ReadinessCheck[];
  /** When set, /metrics and readiness details require `Authorization: Bearer <token>`. Default: loopback callers only. */
  metricsToken?: string;
  /** Who counts as trusted without a token (default: a loopback peer, {@link isLoopbackPeer}). */
  trustedPeer?: (req: IncomingMessage) => boolean;
  /** A check slower than this fails (ms). Default 2000. */
  checkTimeoutMs?: number;
}

/**
 * A registry with the process metrics (CPU, memory, event-loop lag, GC) and `defaultLabels`
 * on every series, e.g. `{ process: "web", instance }`.
 */
export function createMetricsRegistry({
  defaultLabels = {},
  collectDefault = true,
}: {
  defaultLabels?: Record<string, string>;
  collectDefault?: boolean;
} = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(defaultLabels);
  if (collectDefault) {
    collectDefaultMetrics({ register: registry });
    // prom-client names these gauges `_total`, which promtool (rightly) rejects: `_total` is for
    // counters. Their per-type gauges (nodejs_active_handles{type} ...) stay and sum to them.
    for (const name of [
      "nodejs_active_handles_total",
      "nodejs_active_requests_total",
      "nodejs_active_resources_total",
    ])
      registry.removeSingleMetric(name);
  }
  return registry;
}

async function runCheck(c: ReadinessCheck, timeoutMs: number): Promise<CheckResult & { name: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      Promise.resolve().then(() => c.check()),
      new Promise<CheckResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }),
          timeoutMs,
        );
      }),
    ]);
    return { name: c.name, ...result };
  } catch (err) {
    return { name: c.name, ok: false, detail: describeError(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check; `ready` is true when all pass. */
export async function readiness(
  checks: readonly ReadinessCheck[],
  timeoutMs = 2000,
): Promise<{ ready: boolean; checks: Array<CheckResult & { name: string }> }> {
  const results = await Promise.all(checks.map((c) => runCheck(c, timeoutMs)));
  return { ready: results.every((r) => r.ok), checks: results };
}

/** Whether the request came over loopback (127.0.0.0/8, ::1, IPv4-mapped loopback). */
export function isLoopbackPeer(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? "";
  return a === "::1" || /^(::ffff:)?127\./.test(a);
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant-time comparison of a presented `Authorization` header with `Bearer <token>`. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  return timingSafeEqual(digest(header ?? ""), digest(`Bearer ${token}`));
}

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

/**
 * Returns a handler that answers /healthz, /readyz and /metrics (GET and HEAD) and returns
 * false for any other request, so the caller passes it on.
 */
export function createObservabilityHandler({
  registry,
  checks = [],
  metricsToken,
  trustedPeer = isLoopbackPeer,
  checkTimeoutMs = 2000,
}: ObservabilityOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const authorized = (req: IncomingMessage) =>
    metricsToken !== undefined ? bearerMatches(req.headers.authorization, metricsToken) : trustedPeer(req);
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/healthz" && path !== "/readyz" && path !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "application/json", JSON.stringify({ error: "method not allowed" }));
      return true;
    }
    if (path === "/healthz") {
      send(
        res,
        200,
        "application/json",
        JSON.stringify({ status: "ok", uptimeSec: Math.round(process.uptime()) }),
      );
      return true;
    }
    if (path === "/readyz") {
      // Error texts can name hosts, users and queries: only trusted callers see them.
      const detailed = authorized(req);
      readiness(checks, checkTimeoutMs).then(
        (r) =>
          send(
            res,
            r.ready ? 200 : 503,
            "application/json",
            JSON.stringify({
              status: r.ready ? "ready" : "not-ready",
              checks: detailed ? r.checks : r.checks.map(({ name, ok }) => ({ name, ok })),
            }),
          ),
        () => send(res, 500, "application/json", JSON.stringify({ status: "error" })),
      );
      return true;
    }
    if (!authorized(req)) {
      send(
        res,
        401,
        "application/json",
        JSON.stringify({
          error:
            metricsToken !== undefined
              ? "metrics need the bearer token"
              : "metrics answer loopback callers only; set a metrics token to scrape from elsewhere",
        }),
      );
      return true;
    }
    registry.metrics().then(
      (text) => send(res, 200, registry.contentType, text),
      () => send(res, 500, "text/plain", "metrics could not be collected"),
    );
    return true;
  };
}

export interface ObservabilityServer {
  /** `http://host:port` */
  url: string;
  close(): Promise<void>;
}

/** Serves only the observability endpoints on `host:port` (port 0 picks a free one). Other paths 404. */
export async function startObservabilityServer({
  host = "127.0.0.1",
  port,
  ...options
}: ObservabilityOptions & { host?: string; port: number }): Promise<ObservabilityServer> {
  const handle = createObservabilityHandler(options);
  const server = createServer((req, res) => {
    if (!handle(req, res)) send(res, 404, "application/json", JSON.stringify({ error: "not found" }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
