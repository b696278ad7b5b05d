/**
 * The web process's one HTTP server: the live sockets attached before it listens
 * ({@link attachWebSockets}), then the observability endpoints, the JSON API and the dashboard
 * pages in front of it, listening and Next.js prepared ({@link serveWebHttp}).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Principal } from "../adapters/db/auth-store";
import type { PrismaClient } from "../adapters/db/prisma";
import { createObservabilityHandler } from "../adapters/http/observability";
import type { Logger } from "../adapters/log";
import type { KafkaState } from "../core/live/socket-events";
import type { AuthService } from "./auth/auth-service";
import { listen, startPages } from "./http/listen";
import { createPageGuard } from "./http/page-guard";
import { createRequestHandler } from "./http/request-handler";
import { bearerToken, parseCookies, sameOrigin } from "./http/respond";
import { createDispatcher, type Route } from "./http/route";
import { securityHeaders } from "./http/security-headers";
import { sessionCookieName } from "./http/session-routes";
import { attachLiveSockets, type LiveSocketsOptions } from "./live/socket-server";
import type { WebMetrics } from "./metrics";
import type { NextApp } from "./next-app";
import type { Shutdown } from "./shutdown";
import { webHealthChecks } from "./web-health-checks";
import type { WebServerOptions } from "./web-options";

/**
 * A new HTTP server with the live sockets attached (pages and the API come later, in
 * {@link serveWebHttp}), and how a request is authenticated: the session cookie or a bearer token.
 */
export function attachWebSockets(
  o: Omit<LiveSocketsOptions, "httpServer" | "authenticate" | "checkCredentials" | "originAllowed"> & {
    auth: AuthService;
    secureCookies: boolean;
    publicUrl?: string;
  },
  shutdown: Shutdown,
) {
  const { auth, secureCookies, publicUrl, ...socketOptions } = o;
  const cookieName = sessionCookieName(secureCookies);
  const authenticateRequest = (req: IncomingMessage): Promise<Principal | null> =>
    auth.authenticate({
      session: parseCookies(req.headers.cookie)[cookieName],
      bearer: bearerToken(req),
    });
  const httpServer = createServer();
  const sockets = attachLiveSockets({
    ...socketOptions,
    httpServer,
    authenticate: ({ cookie, token }) =>
      auth.authenticate({ session: parseCookies(cookie)[cookieName], bearer: token }),
    checkCredentials: (live) => auth.checkCredentials(live),
    originAllowed: (req: IncomingMessage) => sameOrigin(req, publicUrl),
  });
  shutdown.add(() => sockets.close());
  return { httpServer, sockets, authenticateRequest };
}

/** `http://host:port` as a browser opens it (a wildcard host is reached on loopback). */
function displayUrl(host: string, port: number): string {
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${urlHost}:${port}`;
}

/**
 * Serves `routes`, /metrics and the health checks, and the pages on `httpServer`, listens on
 * `host:port` (0: a free port), then prepares Next.js (unless `next.mode` is `off`).
 */
export async function serveWebHttp(
  {
    httpServer,
    routes,
    authenticate,
    framesState,
    prisma,
    registry,
    metricsToken,
    metrics,
    next,
    host,
    port,
    publicUrl,
    trustProxy,
    logger,
    clock,
  }: {
    httpServer: Server;
    routes: readonly Route[];
    authenticate(req: IncomingMessage): Promise<Principal | null>;
    framesState(): KafkaState;
    prisma: PrismaClient;
    registry: Parameters<typeof createObservabilityHandler>[0]["registry"];
    metricsToken?: string;
    metrics: WebMetrics;
    next: NonNullable<WebServerOptions["next"]>;
    host: string;
    port: number;
    publicUrl?: string;
    trustProxy?: boolean;
    logger: Logger;
    clock: () => number;
  },
  shutdown: Shutdown,
): Promise<{ url: string; port: number }> {
  let nextApp: NextApp | null = null;
  const observability = createObservabilityHandler({
    registry,
    metricsToken,
    checks: webHealthChecks({
      framesState,
      prisma,
      dashboardReady: () => next.mode === "off" || nextApp !== null,
    }),
  });
  const api = createDispatcher(routes, { logger, publicOrigin: publicUrl, trustProxy, clock });
  httpServer.on(
    "request",
    createRequestHandler({
      observability,
      api,
      pages: createPageGuard({ authenticate }),
      authenticate,
      nextApp: () => nextApp,
      pagesOff: next.mode === "off",
      headers: securityHeaders({ dev: next.mode === "dev" }),
      metrics,
      logger,
    }),
  );

  const listening = await listen(httpServer, port, host);
  shutdown.add(() => listening.close());
  if (next.mode !== "off") {
    const app = await startPages(httpServer, { ...next, mode: next.mode, host, port: listening.port });
    nextApp = app;
    shutdown.add(() => app.close());
  }
  const url = displayUrl(host, listening.port);
  logger.info("web server listening", { url, next: next.mode });
  return { url, port: listening.port };
}
