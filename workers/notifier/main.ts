/**
 * `npm run notifier`: the alerting process. Several may run; one leads (Postgres advisory lock)
 * and the rest wait as hot standbys. See docs/ALERTING.md.
 */

import type { Registry } from "prom-client";
import { createAlertingStore } from "../../adapters/db/alerting-store";
import { createLeaderLock } from "../../adapters/db/leader-lock";
import { createNotifierStatusWriter } from "../../adapters/db/notifier-status";
import { createOutbox } from "../../adapters/db/outbox";
import { createRulesStore } from "../../adapters/db/rules-store";
import { createMetricsRegistry, startObservabilityServer } from "../../adapters/http/observability";
import { createKafka, waitForKafka } from "../../adapters/kafka/client";
import { ensureTopics, topicNames } from "../../adapters/kafka/topics";
import type { Logger } from "../../adapters/log";
import { createLogger } from "../../adapters/log";
import { createAddressGuard } from "../../adapters/webhooks/address-guard";
import { createReceiver, type Receiver } from "../../adapters/webhooks/receivers";
import { readAlertingFile } from "../../config/alerting-file";
import { runCommand } from "../../config/cli";
import { kafkaConnection } from "../../config/env";
import type { Policy } from "../../core/alerts/policy";
import { describeError } from "../../core/errors";
import { type NotifierConfig, notifierEnvShape, readNotifierConfig, readReceiverEndpoints } from "./config";
import { registerNotifierMetrics } from "./metrics";
import { createNotifier, type Notifier } from "./notifier";
import type { NotifierRole } from "./notifier-options";

async function main() {
  const config = readNotifierConfig();
  const logger = createLogger({
    level: config.LOG_LEVEL,
    base: { component: "notifier", instance: config.LW_NOTIFIER_ID },
  });
  const { policy } = readAlertingFile(config.LW_ALERTING_FILE);
  const { receivers, disabled } = receiversOf(policy, logger);
  const { kafka, topics } = await connectKafka(config);
  const store = createAlertingStore({
    databaseUrl: config.DATABASE_URL,
    onSilenceError: (id, error) => logger.warn("skipping a silence that does not parse", { id, error }),
  });
  const rulesStore = createRulesStore({ databaseUrl: config.DATABASE_URL, logger });
  let notifier: Notifier | null = null;
  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    await notifier?.stop().catch((err) => logger.error("stop failed", { error: describeError(err) }));
    await observability?.close();
    await rulesStore.close().catch(() => {});
    await store.close().catch(() => {});
    process.exit(code);
  };
  // The lock is lost when its connection is (a database restart or failover): another instance
  // may lead by now, so stop leading at once, then wait as a standby and lead again once the
  // lock is ours (state restored from the database), without leaving the process.
  const newLock = () =>
    createLeaderLock({
      databaseUrl: config.DATABASE_URL,
      name: config.LW_NOTIFIER_LOCK,
      onLost: (err) => {
        logger.error("lost the notifier lock; standing by to lead again", { error: describeError(err) });
        void standBy();
      },
    });
  const registry = createMetricsRegistry({
    defaultLabels: { process: "notifier", instance: config.LW_NOTIFIER_ID },
  });
  const metrics = registerNotifierMetrics(registry, () => notifier);
  const statusWriter = createNotifierStatusWriter(store.pool);
  const newNotifier = () =>
    createNotifier({
      kafka,
      topics,
      groupId: config.LW_NOTIFIER_GROUP,
      instanceId: config.LW_NOTIFIER_ID,
      store,
      outbox: createOutbox({ pool: store.pool }),
      rulesStore,
      policy,
      receivers,
      logger,
      lock: newLock(),
      tickMs: config.LW_NOTIFIER_TICK_MS,
      metaAlerts: {
        everyMs: config.LW_META_ALERTS_EVERY_MS,
        rule: { laggingAfterSec: config.LW_LAGGING_AFTER_SEC, noDataAfterMs: config.LW_NO_DATA_AFTER_MS },
      },
      rulesRefreshMs: config.LW_RULES_REFRESH_MS,
      silencesRefreshMs: config.LW_SILENCES_REFRESH_MS,
      resendMs: config.LW_ALERT_RESEND_MS,
      delivery: {
        concurrency: config.LW_DELIVERY_CONCURRENCY,
        leaseMs: config.LW_DELIVERY_LEASE_MS,
        retryBaseMs: config.LW_RETRY_BASE_MS,
        retryMaxMs: config.LW_RETRY_MAX_MS,
        maxAgeMs: config.LW_DELIVERY_MAX_AGE_MS,
      },
      onDelivered: metrics.delivered,
      status: { writer: statusWriter, everyMs: config.LW_NOTIFIER_STATUS_MS, disabled },
    });
  notifier = newNotifier();
  /** Starts `n`; a standby told to stop gives up waiting for the lock, which is a normal end. */
  const run = async (n: Notifier) => {
    try {
      await n.start();
    } catch (err) {
      if (!stopping && n === notifier) throw err;
    }
  };
  let standingBy = false;
  const standBy = async () => {
    if (stopping || standingBy) return;
    standingBy = true;
    await notifier?.stop().catch((err) => logger.warn("stepping down failed", { error: describeError(err) }));
    standingBy = false;
    if (stopping) return;
    notifier = newNotifier();
    run(notifier).catch((err) => {
      logger.error("could not lead again", { error: describeError(err) });
      void standBy();
    });
  };
  let observability: Awaited<ReturnType<typeof startObservabilityServer>> | null = null;
  if (config.LW_NOTIFIER_METRICS_PORT > 0) {
    observability = await startObservability(
      config.LW_NOTIFIER_METRICS_PORT,
      registry,
      () => notifier?.role() ?? "starting",
    );
    logger.info("observability endpoints up", { url: observability.url });
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  await run(notifier);
}

/** The policy's receivers whose URL is set; the others, warned about, in `disabled`. */
function receiversOf(policy: Policy, logger: Logger) {
  const { endpoints, disabled } = readReceiverEndpoints(policy);
  for (const d of disabled) logger.warn("receiver disabled: its URL variable is not set", d);
  const guard = createAddressGuard(policy.allowedNetworks);
  const receivers = new Map<string, Receiver>();
  for (const r of policy.receivers) {
    const endpoint = endpoints.get(r.name);
    if (endpoint) receivers.set(r.name, createReceiver(r, endpoint, { guard }));
  }
  return { receivers, disabled };
}

/** Waits for Kafka and makes sure the topics exist (the notifier may start before any worker). */
async function connectKafka(config: NotifierConfig) {
  const { brokers, brokersSetting, security } = kafkaConnection(config);
  await waitForKafka(brokers, { setting: brokersSetting, security });
  const kafka = createKafka({ brokers, security, clientId: `lw-notifier-${config.LW_NOTIFIER_ID}` });
  const topics = topicNames(config.LW_TOPIC_PREFIX);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics, config.LW_PARTITIONS);
  } finally {
    await admin.disconnect();
  }
  return { kafka, topics };
}

/** /healthz, /readyz (ready while leading or standing by, with the role) and /metrics. */
function startObservability(port: number, registry: Registry, role: () => NotifierRole) {
  return startObservabilityServer({
    port,
    registry,
    checks: [
      {
        name: "role",
        check: () => {
          const r = role();
          return r === "leader" || r === "standby"
            ? { ok: true, detail: r }
            : { ok: false, detail: `notifier is ${r}` };
        },
      },
    ],
  });
}

void runCommand(
  {
    name: "notifier",
    synopsis: "",
    description:
      "The alerting process: groups, silences and routes alerts to the receivers of\n" +
      "LW_ALERTING_FILE. Several may run; one leads, the rest wait as hot standbys.",
    flags: {},
    env: notifierEnvShape,
    more: "Receivers' URLs and secrets come from the variables their url_env and *_env name in the alerting file.",
  },
  async () => {
    await main();
    return undefined;
  },
);
