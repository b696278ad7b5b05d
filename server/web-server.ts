/**
 * The web process: one HTTP server on one port serving the dashboard (Next.js), the JSON API,
 * Socket.IO and the observability endpoints, fed by the `frames` topic. This file only wires
 * the parts together; each part lives in its own module.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createAlertingQueries } from "../adapters/db/alerting-queries";
import { createAuthStore, type Principal } from "../adapters/db/auth-store";
import { createPool } from "../adapters/db/pool";
import { createPrisma, type PrismaClient } from "../adapters/db/prisma";
import { createReplayStore } from "../adapters/db/replay-store";
import { createShopDirectory } from "../adapters/db/shop-directory";
import { createSignInThrottleStore } from "../adapters/db/sign-in-throttle";
import { createSnapshotReader } from "../adapters/db/snapshot-reader";
import { createMetricsRegistry, createObservabilityHandler } from "../adapters/http/observability";
import { createKafka } from "../adapters/kafka/client";
import type { KafkaSecurity } from "../adapters/kafka/security";
import { ensureTopics, type TopicNames, topicPrefixOf } from "../adapters/kafka/topics";
import { type Logger, silentLogger } from "../adapters/log";
import type { Policy } from "../core/alerts/policy";
import type { ScryptCost } from "../core/auth/password";
import type { ThrottlePolicy } from "../core/auth/sign-in-throttle";
import type { CapacityTable } from "../core/capacity/capacity-table";
import { describeError } from "../core/errors";
import { runReplay } from "../workers/replay/run";
import { startAlertFeed } from "./alerts/alert-feed";
import { createAlertmanagerApi } from "./alerts/alertmanager-api";
import { createRulesAdmin } from "./alerts/rules-admin";
import { type AuthService, createAuthService } from "./auth/auth-service";
import { alertRoutes } from "./http/alert-routes";
import { alertRoutingRoutes } from "./http/alert-routing-route";
import { alertmanagerRoutes } from "./http/alertmanager-routes";
import { apiRoutes, sessionCookieName } from "./http/api-routes";
import { openApiRoute } from "./http/openapi-route";
import { createPageGuard } from "./http/page-guard";
import { replayRoutes } from "./http/replay-routes";
import { bearerToken, parseCookies, sameOrigin, sendJson } from "./http/respond";
import { createDispatcher, type Route } from "./http/route";
import { applyHeaders, securityHeaders } from "./http/security-headers";
import { startFramesConsumer } from "./live/frames-consumer";
import { createHistoryService } from "./live/history-service";
import { createLiveHub, type LiveHub, type LiveHubOptions } from "./live/hub";
import { registerLaunchMetrics } from "./live/launch-metrics";
import { registerPipelineMetrics } from "./live/pipeline-metrics";
import { attachLiveSockets, type LiveSockets } from "./live/socket-server";
import { createWatchPublisher } from "./live/watch-publisher";
import { createWebMetrics } from "./metrics";
import { createNextApp, type NextApp, type NextMode } from "./next-app";
import { createReplayLauncher, type ReplayLauncher } from "./replay/replay-launcher";
import { createReplaySessions, type ReplaySessions } from "./replay/replay-sessions";

export interface WebServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. Default 3000. */
  port?: number;
  /** Names this process's consumer group (`lw-web-<id>`) and its `watch` entry. */
  instanceId: string;
  brokers: string[];
  /** TLS and SASL of its Kafka clients, default PLAINTEXT. */
  kafkaSecurity?: KafkaSecurity;
  topics: TopicNames;
  /** Partitions for topics this process creates when missing (default 6). */
  partitions?: number;
  databaseUrl: string;
  /** `production` serves a prior `next build`, `dev` compiles on demand, `off` serves no pages (API-only tests). */
  next?: { mode: NextMode | "off"; dir?: string };
  /** Default 12 h. */
  sessionTtlMs?: number;
  /** Mark the session cookie Secure (`__Host-lw_session`). Default: when `publicUrl` is https. */
  secureCookies?: boolean;
  /** The origin users open (`https://launchwatch.example.com`), accepted for sockets and writes. */
  publicUrl?: string;
  /** Unset: /metrics answers loopback clients only. */
  metricsToken?: string;
  /** How often live sockets' credentials are re-checked (default 30 s). */
  socketRecheckMs?: number;
  logger?: Logger;
  clock?: () => number;
  /** Lower only in tests (hashing cost). */
  scryptCost?: ScryptCost;
  /** Sign-in backoff (default core/auth/sign-in-throttle.ts `defaultThrottlePolicy`). */
  signInThrottle?: ThrottlePolicy;
  /** A session unused this long ends (default 2 h). */
  idleTimeoutMs?: number;
  /** Behind one reverse proxy: the client address is the last `X-Forwarded-For` hop. Default false. */
  trustProxy?: boolean;
  hub?: LiveHubOptions;
  /** Socket ack timeout (default 10 s). */
  ackTimeoutMs?: number;
  /** How often shop capacity is reloaded from the Shop table (default 60 s). */
  capacityRefreshMs?: number;
  /** How often the watch entry is republished (default 10 s). */
  watchRepublishMs?: number;
  /** How often the live alerts room re-reads the firing alerts (default 2 s). */
  alertPollMs?: number;
  /** Kafka replays re-aggregating at once (default 1). */
  maxRunningReplays?: number;
  /**
   * The notifier's policy (alerting.yaml) and its text, for the Alertmanager API's receivers,
   * groups, inhibition and status. Absent: alerts are still taken and listed, without routing.
   */
  alerting?: { policy: Policy; text: string };
}

export interface WebServer {
  /** `http://host:port` */
  url: string;
  port: number;
  instanceId: string;
  hub: LiveHub;
  auth: AuthService;
  sockets: LiveSockets;
  registry: Registry;
  prisma: PrismaClient;
  replays: { sessions: ReplaySessions; launcher: ReplayLauncher };
  /** The JSON API's routes (method, pattern, who may call, response contract), e.g. for docs and the fuzz test. */
  routes: ReadonlyArray<Pick<Route, "method" | "pattern" | "access" | "responseSchema">>;
  /** Resolves once the frames consumer has joined its group. */
  framesReady(): Promise<void>;
  close(): Promise<void>;
}

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
  const prisma = createPrisma(databaseUrl);
  const authStore = createAuthStore(prisma);
  const throttle = createSignInThrottleStore(prisma, { policy: options.signInThrottle, clock });
  const auth = createAuthService({
    store: authStore,
    clock,
    sessionTtlMs,
    scryptCost,
    throttle,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  const shops = createShopDirectory(prisma);
  const hub = createLiveHub({ clock, ...options.hub });
  const registry = createMetricsRegistry({ defaultLabels: { process: "web", instance: instanceId } });
  const metrics = createWebMetrics(registry);
  registerPipelineMetrics(registry, hub);
  const launchMetrics = registerLaunchMetrics(registry, hub);
  const snapshotReader = createSnapshotReader(prisma, { logger: log });
  const history = createHistoryService({ reader: snapshotReader, clock });
  const kafka = createKafka({ brokers, security: kafkaSecurity, clientId: `lw-web-${instanceId}` });

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
  cleanups.push(() => prisma.$disconnect());
  // The alerting queries are written against `pg` (the notifier's tables); a small pool of their own.
  const alertingPool = createPool({ connectionString: databaseUrl, max: 3 });
  alertingPool.on("error", (err) => log.warn("alerting pool error", { error: describeError(err) }));
  cleanups.push(() => alertingPool.end());
  const alerting = createAlertingQueries(alertingPool);
  const rulesAdmin = createRulesAdmin(alertingPool);

  // Replays: the store, the shared playback sessions and the launcher of new ones.
  const replayStore = createReplayStore({ databaseUrl });
  cleanups.push(() => replayStore.close());
  const capacityStore = createAggregateStore({ databaseUrl, poolSize: 1 });
  cleanups.push(() => capacityStore.close());
  let capacityCache: { at: number; table: Promise<CapacityTable> } | null = null;
  const capacityTable = () => {
    if (!capacityCache || clock() - capacityCache.at > 60_000) {
      const table = capacityStore.loadCapacity();
      capacityCache = { at: clock(), table };
      table.catch(() => (capacityCache = null));
    }
    return capacityCache.table;
  };
  const liveAlertChanges = async (from: number, to: number) =>
    (await alerting.listAlertEvents({ from, to, limit: 5000 })).map((e) => ({
      fingerprint: e.fingerprint,
      rule: e.rule,
      state: e.state,
      at: e.at,
      labels: e.labels,
    }));
  const replaySessions = createReplaySessions({
    logger: log,
    data: {
      get: (id) => replayStore.get(id),
      read: (plan, group) => snapshotReader.read(plan, group),
      framesBetween: (g, a, b, n) => replayStore.framesBetween(g, a, b, n),
      framesAt: (g, t, back) => replayStore.framesAt(g, t, back),
      extent: (g, a, b) => replayStore.extent(g, a, b),
      capacityTable,
      createdPerMinute: (stream, from, to) => replayStore.createdPerMinute(stream, from, to),
      async alertChanges(replay, from, to) {
        if (replay.source === "snapshots") return liveAlertChanges(from, to);
        return (await replayStore.alerts(replay.id)).map((a) => ({
          fingerprint: a.fingerprint,
          rule: a.rule,
          state: a.state,
          at: a.state === "resolved" ? (a.endsAt ?? a.startsAt) : a.startsAt,
          labels: a.labels,
        }));
      },
    },
  });
  cleanups.push(() => replaySessions.close());
  const replayLauncher = createReplayLauncher({
    store: replayStore,
    logger: log,
    maxRunning: options.maxRunningReplays,
    readSnapshots: (plan, group) => snapshotReader.read(plan, group),
    liveAlertChanges,
    capacityTable,
    createdPerMinute: (stream, from, to) => replayStore.createdPerMinute(stream, from, to),
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

    // Reference data may be seeded after the web process starts: look again soon while empty.
    let capacityTimer: NodeJS.Timeout | undefined;
    let stopped = false;
    const refreshCapacity = async () => {
      if (stopped) return;
      let shopsKnown = 0;
      try {
        const capacity = await shops.capacity();
        shopsKnown = capacity.shops;
        hub.setCapacity(capacity);
      } catch (err) {
        log.warn("could not load shop capacity", { error: describeError(err) });
      }
      capacityTimer = setTimeout(
        refreshCapacity,
        shopsKnown > 0 ? capacityRefreshMs : Math.min(5000, capacityRefreshMs),
      );
      capacityTimer.unref();
    };
    await refreshCapacity();
    cleanups.push(() => {
      stopped = true;
      clearTimeout(capacityTimer);
    });
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
      checks: [
        {
          name: "kafka",
          check: () =>
            frames.state() === "connected"
              ? { ok: true }
              : {
                  ok: false,
                  detail: `frames consumer is ${frames.state()}; check KAFKA_BROKERS and the broker`,
                },
        },
        {
          name: "postgres",
          check: async () => {
            await prisma.$queryRaw`select 1`;
            return { ok: true };
          },
        },
        {
          name: "dashboard",
          check: () =>
            nextOptions.mode === "off" || nextApp
              ? { ok: true }
              : { ok: false, detail: "Next.js is still starting" },
        },
      ],
    });
    const routes = [
      ...apiRoutes({
        auth,
        hub,
        shops,
        history,
        endSessions: sockets.endSessions,
        secureCookies,
        instanceId,
        trustProxy: options.trustProxy,
      }),
      ...alertRoutes({
        alerting,
        rules: rulesAdmin,
        refreshLive: () => alertFeed.refresh(),
        clock,
        pageClock: () => hub.feed().pipeline,
      }),
      ...alertRoutingRoutes({ policy: options.alerting?.policy ?? null }),
      ...replayRoutes({ store: replayStore, launcher: replayLauncher, sessions: replaySessions }),
      ...alertmanagerRoutes(
        createAlertmanagerApi({
          alerting,
          // Posted alerts take the workers' path: the alerts topic, keyed by fingerprint.
          publish: async (alerts) => {
            await producer.send({
              topic: topics.alerts,
              messages: alerts.map((a) => ({ key: a.fingerprint, value: JSON.stringify(a) })),
            });
          },
          policy: options.alerting ?? null,
          externalUrl: options.alerting?.policy.externalUrl ?? publicUrl ?? "http://localhost:3000",
          clock,
        }),
      ),
    ];
    routes.push(openApiRoute(() => routes));
    const api = createDispatcher(routes, {
      logger: log,
      publicOrigin: publicUrl,
      trustProxy: options.trustProxy,
      clock,
    });
    const pages = createPageGuard({ authenticate: authenticateRequest });

    const count = (kind: string, res: ServerResponse) =>
      res.once("finish", () => metrics.httpRequests.inc({ kind, status: String(res.statusCode) }));

    const headers = securityHeaders({ dev: nextOptions.mode === "dev" });
    httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
      let url: URL;
      try {
        url = new URL(req.url ?? "/", "http://localhost");
      } catch {
        // A request target no URL parser accepts (`GET http://[ HTTP/1.1`): the client's error.
        count("invalid", res);
        sendJson(res, 400, { error: "malformed request target" });
        return;
      }
      // Engine.IO wrapped the listeners present when it attached; ours came later and sees its requests too.
      if (url.pathname.startsWith("/socket.io/")) return;
      applyHeaders(res, headers);
      if (observability(req, res)) return count("observability", res);
      (async () => {
        if (url.pathname.startsWith("/api/")) {
          count("api", res);
          const principal = await authenticateRequest(req);
          if (!(await api(req, res, url, principal)))
            sendJson(res, 404, { error: `no API route ${url.pathname}` });
          return;
        }
        const guard = await pages(req, res, url);
        count(guard === "asset" ? "asset" : "page", res);
        if (guard === "handled") return;
        if (!nextApp) {
          if (nextOptions.mode === "off")
            sendJson(res, 404, { error: "this server runs without the dashboard pages" });
          else
            sendJson(
              res,
              503,
              { error: "the dashboard is starting; retry in a few seconds" },
              { "retry-after": "2" },
            );
          return;
        }
        await nextApp.handle(req, res);
      })().catch((err) => {
        log.error("request failed", { path: url.pathname, error: describeError(err) });
        sendJson(res, 500, { error: "internal error; see the server log" });
      });
    });

    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(port, host, () => {
        httpServer.off("error", reject);
        resolve();
      });
    });
    const actualPort = (httpServer.address() as AddressInfo).port;
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          httpServer.closeAllConnections();
          httpServer.close(() => resolve());
        }),
    );

    if (nextOptions.mode !== "off") {
      nextApp = await createNextApp({
        mode: nextOptions.mode,
        dir: nextOptions.dir ?? process.cwd(),
        hostname: host,
        port: actualPort,
        httpServer,
      });
      const app = nextApp;
      cleanups.push(() => app.close());
      if (nextOptions.mode === "dev") {
        httpServer.on("upgrade", (req, socket, head) => {
          if (req.url?.startsWith("/_next/")) void app.upgrade(req, socket, head);
        });
      }
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
