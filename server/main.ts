/**
 * `npm run web`: the dashboard process. Reads the environment once, builds the dashboard when
 * its sources changed, starts the server, and on the very first run creates the `admin` user
 * and prints its one-time password (once: it is stored only as a hash).
 */

import { waitForKafka } from "../adapters/kafka/client";
import { topicNames } from "../adapters/kafka/topics";
import { createLogger } from "../adapters/log";
import { readAlertingFile } from "../config/alerting-file";
import { runCommand } from "../config/cli";
import { kafkaConnection } from "../config/env";
import { ConfigError, describeError, LaunchwatchError } from "../core/errors";
import { readWebConfig, webEnvShape } from "./config";
import { ensureNextBuild } from "./next-app";
import { startWebServer } from "./web-server";

async function main() {
  const config = readWebConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, base: { component: "web" } });
  const { brokers, brokersSetting, security } = kafkaConnection(config);
  await waitForKafka(brokers, { setting: brokersSetting, security });
  const dir = process.cwd();
  if (!config.LW_WEB_DEV) await ensureNextBuild({ dir, logger });
  const server = await startWebServer({
    host: config.HOST,
    port: config.PORT,
    instanceId: config.LW_WEB_INSTANCE_ID,
    brokers,
    kafkaSecurity: security,
    topics: topicNames(config.LW_TOPIC_PREFIX),
    partitions: config.LW_PARTITIONS,
    databaseUrl: config.DATABASE_URL,
    next: { mode: config.LW_WEB_DEV ? "dev" : "production", dir },
    sessionTtlMs: config.LW_SESSION_HOURS * 3600_000,
    secureCookies: config.LW_SECURE_COOKIES,
    publicUrl: config.LW_PUBLIC_URL,
    idleTimeoutMs: config.LW_IDLE_MINUTES > 0 ? config.LW_IDLE_MINUTES * 60_000 : Number.POSITIVE_INFINITY,
    trustProxy: config.LW_TRUST_PROXY,
    metricsToken: config.LW_METRICS_TOKEN,
    alerting: readAlertingFile(config.LW_ALERTING_FILE),
    logger,
  });
  const admin = await server.auth.ensureAdmin();
  const lines = [
    "",
    `  Launchwatch dashboard: ${server.url}`,
    ...(admin
      ? [
          `  First run: created user '${admin.username}' with the one-time password`,
          "",
          `      ${admin.oneTimePassword}`,
          "",
          "  It is shown only now. Sign in with it and choose your own password.",
        ]
      : ["  Sign in with your user. Lost the admin password? npm run users -- reset-password admin"]),
    `  Health: ${server.url}/healthz  ${server.url}/readyz  ${server.url}/metrics`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  // Policy for what nothing caught: every request, socket event and timer catches its own
  // errors (a client's bad input answers 4xx, a failure 500), so an exception that still gets
  // here means this process's state can no longer be trusted. Log it, close what closes within
  // 5 s, exit 1, and let the supervisor (systemd, Kubernetes, compose) start a fresh one.
  const fatal = (what: string, err: unknown) => {
    logger.error(`${what}; exiting`, { error: describeError(err) });
    setTimeout(() => process.exit(1), 5000).unref();
    void server.close().finally(() => process.exit(1));
  };
  process.on("uncaughtException", (err) => fatal("uncaught exception", err));
  process.on("unhandledRejection", (err) => fatal("unhandled promise rejection", err));
}

void runCommand(
  {
    name: "web",
    synopsis: "",
    description:
      "The dashboard process: serves the pages, the API, the live socket and /metrics; builds the\n" +
      "dashboard first when its sources changed; on the very first run creates the admin user.",
    flags: {},
    env: webEnvShape,
  },
  () =>
    main().then(
      () => undefined,
      (err) => {
        if (err instanceof ConfigError) throw err;
        throw new LaunchwatchError(`${describeError(err)} (is the stack up? npm run stack -- up)`);
      },
    ),
);
