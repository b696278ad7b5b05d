/**
 * The web process: one HTTP server on one port serving the dashboard (Next.js), the JSON API,
 * Socket.IO and the observability endpoints, fed by the `frames` topic. This file only wires
 * the parts together; each part lives in its own module.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { Principal } from "../adapters/db/auth-store";
import { createMetricsRegistry, createObservabilityHandler } from "../adapters/http/observability";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics, topicPrefixOf } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { runReplay } from "../workers/replay/run";
import { startAlertFeed } from "./alerts/alert-feed";
import { createAuthService } from "./auth/auth-service";
import { sessionCookieName } from "./http/api-routes";
import { listen, startPages } from "./http/listen";
import { createPageGuard } from "./http/page-guard";
import { createRequestHandler } from "./http/request-handler";
import { bearerToken, parseCookies, sameOrigin } from "./http/respond";
import { createDispatcher } from "./http/route";
import { securityHeaders } from "./http/security-headers";
import { webRoutes } from "./http/web-routes";
import { startCapacityRefresh } from "./live/capacity-refresh";
import { startFramesConsumer } from "./live/frames-consumer";
import { createHistoryService } from "./live/history-service";
import { createLiveHub } from "./live/hub";
import { registerLaunchMetrics } from "./live/launch-metrics";
import { registerPipelineMetrics } from "./live/pipeline-metrics";
import { attachLiveSockets } from "./live/socket-server";
import { createWatchPublisher } from "./live/watch-publisher";
import { createWebMetrics } from "./metrics";
import type { NextApp } from "./next-app";
import { createReplayLauncher } from "./replay/replay-launcher";
import { createReplaySessions } from "./replay/replay-sessions";
import { openWebDatabase } from "./web-database";
import { webHealthChecks } from "./web-health-checks";

import type { WebServer, WebServerOptions } from "./web-options";

export type { WebServer, WebServerOptions } from "./web-options";

/** Starts the web process's server. Resolves when it accepts requests (Next prepared, Kafka joined). */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const {
    host = "127.0.0.1",
    port = 3000,
    instanceId,
    brokers,
    kafkaSecurity,
    topics,
    partitions = 6,
    databaseUrl,
    next: nextOptions = { mode: "production" },
    sessionTtlMs,
    publicUrl,
    secureCookies = publicUrl?.startsWith("https:") ?? false,
    metricsToken,
    logger = silentLogger,
    clock = Date.now,
    scryptCost,
    ackTimeoutMs,
    capacityRefreshMs = 60_000,
    watchRepublishMs,
    alertPollMs = 2000,
  } = options;
  const log = logger.child({ component: "web", instance: instanceId });
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch {
        // Shutting down: one part failing to close must not keep the others open.
      }
    }
  };
  const db = openWebDatabase({
    databaseUrl,
    clock,
    logger: log,
    signInThrottle: options.signInThrottle,
    capacityTtlMs: capacityRefreshMs,
  });
  cleanups.push(() => db.close());
  const {
    prisma,
    authStore,
    throttle,
    shops,
    snapshotReader,
    alerting,
    rulesAdmin,
    replayStore,
    replayData,
  } = db;
  const auth = createAuthService({
    store: authStore,
    clock,
    sessionTtlMs,
    scryptCost,
    throttle,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  const hub = createLiveHub({ clock, ...options.hub });
  const registry = createMetricsRegistry({ defaultLabels: { process: "web", instance: instanceId } });
  const metrics = createWebMetrics(registry);
  registerPipelineMetrics(registry, hub);
  const launchMetrics = registerLaunchMetrics(registry, hub);
  const history = createHistoryService({ reader: snapshotReader, clock });
  const kafka = createKafka({ brokers, security: kafkaSecurity, clientId: `lw-web-${instanceId}` });

  const replaySessions = createReplaySessions({ logger: log, data: replayData });
  cleanups.push(() => replaySessions.close());
  const replayLauncher = createReplayLauncher({
    store: replayStore,
    logger: log,
    maxRunning: options.maxRunningReplays,
    ...replayData,
    runKafkaReplay: (req, signal) =>
      runReplay(req, {
        signal,
        kafka,
        topics,
        databaseUrl,
        childEnv: {
          KAFKA_BROKERS: brokers.join(","),
          DATABASE_URL: databaseUrl,
          LW_TOPIC_PREFIX: topicPrefixOf(topics),
        },
        logger: log.child({ component: "replay" }),
      }),
  });
  // Stopping the web stops its replays' processes; their rows end `failed`, not `running`.
  cleanups.push(() => replayLauncher.close());

  try {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, topics, partitions);
    } finally {
      await admin.disconnect();
    }

    const capacityRefresh = await startCapacityRefresh({
      load: () => shops.capacity(),
      hub,
      intervalMs: capacityRefreshMs,
      logger: log,
    });
    cleanups.push(() => capacityRefresh.stop());
    const sessionSweep = setInterval(() => {
      void authStore.deleteExpiredSessions(new Date(clock())).catch(() => {});
      void throttle.sweep(clock()).catch(() => {});
    }, 3600_000);
    sessionSweep.unref();
    cleanups.push(() => clearInterval(sessionSweep));

    const alertFeed = startAlertFeed({
      listFiring: () => alerting.listAlerts({ state: "firing", limit: 1000 }),
      hub,
      logger: log,
      intervalMs: alertPollMs,
    });
    cleanups.push(() => alertFeed.stop());

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const watch = createWatchPublisher({
      producer,
      topic: topics.watch,
      instance: instanceId,
      logger: log,
      clock,
      republishMs: watchRepublishMs,
    });
    cleanups.push(() => watch.close());
    hub.onWatchChange((ids) => {
      metrics.watchedShops.set(ids.length);
      watch.set(ids);
    });

    const frames = await startFramesConsumer({
      kafka,
      topic: topics.frames,
      groupId: `lw-web-${instanceId}`,
      logger: log,
      onFrame: (f) => {
        metrics.framesReceived.inc({ result: "ok" });
        metrics.frameAge.observe(Math.max(0, clock() - f.emittedAt) / 1000);
        hub.addFrame(f);
        launchMetrics.addFrame(f);
      },
      onInvalid: (reason) => {
        metrics.framesReceived.inc({ result: "invalid" });
        log.warn("dropped an invalid frame", { reason });
      },
    });
    cleanups.push(() => frames.stop());

    const cookieName = sessionCookieName(secureCookies);
    const originAllowed = (req: IncomingMessage) => sameOrigin(req, publicUrl);
    const authenticateRequest = (req: IncomingMessage): Promise<Principal | null> =>
      auth.authenticate({
        session: parseCookies(req.headers.cookie)[cookieName],
        bearer: bearerToken(req),
      });

    // Sockets are attached before listening; pages and the API wait for `nextApp` below.
    const httpServer = createServer();
    const sockets = attachLiveSockets({
      httpServer,
      hub,
      instanceId,
      authenticate: ({ cookie, token }) =>
        auth.authenticate({ session: parseCookies(cookie)[cookieName], bearer: token }),
      checkCredentials: (live) => auth.checkCredentials(live),
      recheckMs: options.socketRecheckMs,
      originAllowed,
      loadShop: (id) => shops.get(id),
      kafkaState: () => frames.state(),
      logger: log,
      metrics,
      clock,
      ackTimeoutMs,
      destroyUpgrade: nextOptions.mode !== "dev",
      replays: replaySessions,
    });
    cleanups.push(() => sockets.close());

    let nextApp: NextApp | null = null;
    const observability = createObservabilityHandler({
      registry,
      metricsToken,
      checks: webHealthChecks({
        framesState: () => frames.state(),
        prisma,
        dashboardReady: () => nextOptions.mode === "off" || nextApp !== null,
      }),
    });
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
      replays: { store: replayStore, launcher: replayLauncher, sessions: replaySessions },
      producer,
      alertsTopic: topics.alerts,
      publicUrl,
    });
    const api = createDispatcher(routes, {
      logger: log,
      publicOrigin: publicUrl,
      trustProxy: options.trustProxy,
      clock,
    });
    const pages = createPageGuard({ authenticate: authenticateRequest });

    httpServer.on(
      "request",
      createRequestHandler({
        observability,
        api,
        pages,
        authenticate: authenticateRequest,
        nextApp: () => nextApp,
        pagesOff: nextOptions.mode === "off",
        headers: securityHeaders({ dev: nextOptions.mode === "dev" }),
        metrics,
        logger: log,
      }),
    );

    const listening = await listen(httpServer, port, host);
    const actualPort = listening.port;
    cleanups.push(() => listening.close());
    if (nextOptions.mode !== "off") {
      const app = await startPages(httpServer, {
        ...nextOptions,
        mode: nextOptions.mode,
        host,
        port: actualPort,
      });
      nextApp = app;
      cleanups.push(() => app.close());
    }

    const urlHost =
      host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    log.info("web server listening", { url: `http://${urlHost}:${actualPort}`, next: nextOptions.mode });
    let closing: Promise<void> | null = null;
    return {
      url: `http://${urlHost}:${actualPort}`,
      port: actualPort,
      instanceId,
      hub,
      auth,
      sockets,
      registry,
      prisma,
      replays: { sessions: replaySessions, launcher: replayLauncher },
      routes: routes.map(({ method, pattern, access, responseSchema }) => ({
        method,
        pattern,
        access,
        responseSchema,
      })),
      framesReady: () => frames.ready(),
      close: () => (closing ??= cleanup()),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
