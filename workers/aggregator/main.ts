/** `npm run worker`: one aggregation worker process. Start more of them to scale out. */
import { createAggregateStore } from "../../adapters/db/aggregate-store";
import { createRulesStore } from "../../adapters/db/rules-store";
import { createMetricsRegistry, startObservabilityServer } from "../../adapters/http/observability";
import { createKafka, waitForKafka } from "../../adapters/kafka/client";
import { registerKafkajsCodecs } from "../../adapters/kafka/codecs/kafkajs-codecs";
import { topicNames } from "../../adapters/kafka/topics";
import { createLogger } from "../../adapters/log";
import { runCommand } from "../../config/cli";
import { kafkaConnection } from "../../config/env";
import { describeError } from "../../core/errors";
import { readWorkerConfig, workerEnvShape } from "./config";
import { databaseOutage } from "./database-outage";
import { registerWorkerMetrics } from "./metrics";
import { openWorkerSources } from "./open-sources";
import { createWatchFollower } from "./watch-follower";
import { createAggregatorWorker } from "./worker";

async function main() {
  const config = readWorkerConfig();
  const logger = createLogger({
    level: config.LOG_LEVEL,
    base: { component: "worker", worker: config.LW_WORKER_ID },
  });
  const { brokers, brokersSetting, security } = kafkaConnection(config);
  await waitForKafka(brokers, { setting: brokersSetting, security });
  const store = createAggregateStore({
    databaseUrl: config.DATABASE_URL,
    onIdleError: (err) =>
      logger.warn("database connection lost; reconnecting", { error: describeError(err) }),
  });
  const rules = createRulesStore({ databaseUrl: config.DATABASE_URL, logger });
  // kafkajs (LW_KAFKA_CLIENT=kafkajs) bounds its batches as the fast consumer does.
  registerKafkajsCodecs(config.LW_MAX_BATCH_INFLATED_BYTES);
  const kafka = createKafka({ brokers, security, clientId: `lw-worker-${config.LW_WORKER_ID}` });
  const topics = topicNames(config.LW_TOPIC_PREFIX);
  // A bad mapping (or a topic it names that does not exist) stops here, naming file, line, field;
  // so do kinds on different consumer groups without LW_SOURCES_KINDS saying which this one runs,
  // or with another group's workers on the same frames topic.
  const sources = await openWorkerSources(kafka, config, topics.frames);
  const watch = createWatchFollower({
    kafka,
    topic: topics.watch,
    groupId: `${config.LW_WORKER_GROUP}-watch-${config.LW_WORKER_ID}`,
    logger,
  });
  const worker = createAggregatorWorker({
    kafka,
    store,
    topics,
    sources: sources?.decoders,
    groupId: sources?.group ?? config.LW_WORKER_GROUP,
    stream: config.LW_STREAM,
    workerId: config.LW_WORKER_ID,
    logger,
    onFatal: () => process.exit(1),
    frameIntervalMs: config.LW_FRAME_INTERVAL_MS,
    flushIntervalMs: config.LW_FLUSH_INTERVAL_MS,
    graceMs: config.LW_GRACE_MS,
    idleMs: config.LW_IDLE_MS,
    dedupHorizonMs: config.LW_DEDUP_HORIZON_MS,
    topK: config.LW_TOP_K,
    snapshotRetentionHours: config.LW_SNAPSHOT_RETENTION_HOURS,
    streamTime: {
      maxAheadMs: config.LW_MAX_EVENT_AHEAD_MS,
      confirmJump: config.LW_EVENT_JUMP_CONFIRM,
      maxAheadOfClockMs: config.LW_MAX_EVENT_AHEAD_OF_CLOCK_MS,
    },
    deadLetterMaxBytes: config.LW_DEAD_LETTER_MAX_BYTES,
    maxInflatedBytes: config.LW_MAX_BATCH_INFLATED_BYTES,
    sessionTimeoutMs: config.LW_SESSION_TIMEOUT_MS,
    kafkaClient: config.LW_KAFKA_CLIENT,
    loadRules: () => rules.load(),
  });
  const watchTimer = setInterval(() => worker.watch(watch.shops(Date.now())), 1000);
  const outage = () => databaseOutage(worker.stats(), Date.now(), config.LW_DB_OUTAGE_EXIT_MS);
  const outageTimer = setInterval(() => {
    const v = outage();
    if (v.state === "exit") {
      console.error(`[worker] ${v.detail}`);
      process.exit(1);
    }
  }, 1000);
  outageTimer.unref();
  let observability: Awaited<ReturnType<typeof startObservabilityServer>> | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    clearInterval(watchTimer);
    clearInterval(outageTimer);
    await worker.stop();
    await watch.stop().catch(() => {});
    await observability?.close();
    await store.close();
    await rules.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  await worker.start();
  await watch.start();
  if (config.LW_WORKER_METRICS_PORT > 0) {
    const registry = createMetricsRegistry({
      defaultLabels: { process: "worker", instance: config.LW_WORKER_ID },
    });
    registerWorkerMetrics(registry, worker);
    observability = await startObservabilityServer({
      port: config.LW_WORKER_METRICS_PORT,
      registry,
      checks: [
        {
          name: "database",
          check: () => {
            const v = outage();
            return v.state === "ok" ? { ok: true } : { ok: false, detail: v.detail };
          },
        },
        {
          name: "partitions",
          check: () => {
            const s = worker.stats();
            return s.assigned > 0
              ? { ok: true }
              : {
                  ok: false,
                  detail: "no partitions assigned (more workers than partitions, or still joining)",
                };
          },
        },
      ],
    });
    logger.info("observability endpoints up", { url: observability.url });
  }
}

void runCommand(
  {
    name: "worker",
    synopsis: "",
    description:
      "One aggregation worker: reads the event topics, counts them into windows in Postgres and\n" +
      "publishes frames and alerts. Start more of them to scale out (one consumer group).",
    flags: {},
    env: workerEnvShape,
  },
  async () => {
    await main();
    return undefined;
  },
);
