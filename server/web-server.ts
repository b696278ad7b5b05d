/**
 * The web process: one HTTP server on one port serving the dashboard (Next.js), the JSON API,
 * Socket.IO and the observability endpoints, fed by the `frames` topic. This file only wires
 * the parts together, each in its own module: the stores (web-database.ts), the replays
 * (web-replays.ts), the timers (web-pollers.ts), Kafka (web-kafka.ts), the sockets and HTTP
 * (web-http.ts), the auth service, hub and metrics (web-services.ts), the routes
 * (http/web-routes.ts) and the shutdown order (shutdown.ts).
 */
import { createKafka } from "../adapters/kafka/client";
import { silentLogger } from "../adapters/log";
import { webAnnotations } from "./annotations";
import { routeSummary } from "./http/route";
import { webRoutes } from "./http/web-routes";
import { createShutdown } from "./shutdown";
import { openWebDatabase } from "./web-database";
import { attachWebSockets, serveWebHttp } from "./web-http";
import { ensureWebTopics, startWebKafka } from "./web-kafka";
import type { WebServer, WebServerOptions } from "./web-options";
import { startWebPollers } from "./web-pollers";
import { startWebReplays } from "./web-replays";
import { createWebServices } from "./web-services";

export type { WebServer, WebServerOptions } from "./web-options";

/** Starts the web process's server. Resolves when it accepts requests (Next prepared, Kafka joined). */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { instanceId, brokers, topics, publicUrl, clock = Date.now } = options;
  const { next = { mode: "production" }, capacityRefreshMs = 60_000 } = options;
  const secureCookies = options.secureCookies ?? publicUrl?.startsWith("https:") ?? false;
  const log = (options.logger ?? silentLogger).child({ component: "web", instance: instanceId });
  const shutdown = createShutdown();
  const db = openWebDatabase({ ...options, clock, logger: log, capacityTtlMs: capacityRefreshMs });
  shutdown.add(() => db.close());
  const { prisma, shops, alerting, rulesAdmin, replayStore } = db;
  const { auth, hub, registry, metrics, launchMetrics, history } = createWebServices(options, db, clock);
  const kafka = createKafka({ brokers, security: options.kafkaSecurity, clientId: `lw-web-${instanceId}` });
  const replays = startWebReplays(
    {
      ...options,
      store: replayStore,
      data: db.replayData,
      kafka,
      logger: log,
      maxRunning: options.maxRunningReplays,
    },
    shutdown,
  );
  try {
    await ensureWebTopics(kafka, topics, options.partitions ?? 6);
    const { alertFeed } = await startWebPollers(
      { ...db, hub, logger: log, clock, capacityRefreshMs, alertPollMs: options.alertPollMs ?? 2000 },
      shutdown,
    );
    const { producer, frames } = await startWebKafka(
      { ...options, kafka, hub, metrics, launchMetrics, logger: log, clock },
      shutdown,
    );
    const { httpServer, sockets, authenticateRequest } = attachWebSockets(
      {
        auth,
        secureCookies,
        publicUrl,
        hub,
        instanceId,
        recheckMs: options.socketRecheckMs,
        loadShop: (id) => shops.get(id),
        kafkaState: () => frames.state(),
        logger: log,
        metrics,
        clock,
        ackTimeoutMs: options.ackTimeoutMs,
        destroyUpgrade: next.mode !== "dev",
        replays: replays.sessions,
      },
      shutdown,
    );
    const routes = webRoutes({
      auth,
      hub,
      shops,
      history,
      endSessions: sockets.endSessions,
      secureCookies,
      instanceId,
      trustProxy: options.trustProxy,
      alerting,
      rulesAdmin,
      refreshLive: () => alertFeed.refresh(),
      clock,
      alertingPolicy: options.alerting ?? null,
      replays: { store: replayStore, ...replays },
      producer,
      alertsTopic: topics.alerts,
      publicUrl,
      annotations: webAnnotations(prisma, sockets),
      receiverStatus: db.receiverStatus,
    });
    const { url, port } = await serveWebHttp(
      {
        ...options,
        httpServer,
        routes,
        authenticate: authenticateRequest,
        framesState: () => frames.state(),
        prisma,
        registry,
        metrics,
        next,
        host: options.host ?? "127.0.0.1",
        port: options.port ?? 3000,
        logger: log,
        clock,
      },
      shutdown,
    );
    return {
      url,
      port,
      instanceId,
      hub,
      auth,
      sockets,
      registry,
      prisma,
      replays,
      routes: routes.map(routeSummary),
      framesReady: () => frames.ready(),
      close: () => shutdown.run(),
    };
  } catch (err) {
    await shutdown.run();
    throw err;
  }
}
