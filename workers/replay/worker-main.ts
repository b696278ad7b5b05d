/**
 * One re-aggregation process of a replay (started by workers/replay/run.ts): the normal
 * aggregation worker in a consumer group of the replay's own, reading the raw events from the
 * start, with the replay's what-if capacities, a frame per event-time minute kept as snapshots
 * (not published to the live frames topic) and alert changes stored with the replay.
 */
import { createAggregateStore } from "../../adapters/db/aggregate-store";
import { createReplayStore, replayStream } from "../../adapters/db/replay-store";
import { createRulesStore } from "../../adapters/db/rules-store";
import { createPartitionConsumer } from "../../adapters/kafka/choose-consumer";
import { createKafka } from "../../adapters/kafka/client";
import { registerKafkajsCodecs } from "../../adapters/kafka/codecs/kafkajs-codecs";
import { fixedAssigner } from "../../adapters/kafka/fixed-assigner";
import { topicNames } from "../../adapters/kafka/topics";
import { createLogger } from "../../adapters/log";
import { kafkaConnection } from "../../config/env";
import { seriesDefs } from "../../core/aggregation/series";
import type { AlertState } from "../../core/alerts/alert";
import { ConfigError, describeError } from "../../core/errors";
import { applyCapacityOverrides } from "../../core/replay/capacity-overrides";
import { applyRuleOverrides } from "../../core/replay/rule-overrides";
import { createAggregatorWorker } from "../aggregator/worker";
import { readReplayWorkerConfig } from "./config";
import type { ReplayWorkerReport } from "./worker-report";

async function main() {
  const config = readReplayWorkerConfig();
  const id = config.LW_REPLAY_ID;
  const mine = config.partitions;
  const processIndex = config.LW_REPLAY_PROCESS;
  const step = config.LW_REPLAY_STORE_STEP_SECONDS;
  const logger = createLogger({ level: config.LOG_LEVEL, base: { component: "replay", replay: id } });
  const replays = createReplayStore({ databaseUrl: config.DATABASE_URL });
  const replay = await replays.get(id);
  if (!replay) throw new ConfigError("LW_REPLAY_ID", `no replay ${id}`);
  const store = createAggregateStore({
    databaseUrl: config.DATABASE_URL,
    stepSeconds: step,
    // Per second: the report's minutes over capacity per endpoint count seconds (core/replay/summary.ts).
    keepSeries: [seriesDefs.apiRequests.name],
    synchronousCommit: false,
  });
  const { brokers, security } = kafkaConnection(config);
  registerKafkajsCodecs(config.LW_MAX_BATCH_INFLATED_BYTES);
  const kafka = createKafka({ brokers, security, clientId: `lw-replay-${id}` });
  const topics = topicNames(config.LW_TOPIC_PREFIX);
  const rules = createRulesStore({ databaseUrl: config.DATABASE_URL, logger });
  const lastState = new Map<string, AlertState>();
  const worker = createAggregatorWorker({
    kafka,
    store,
    topics,
    // Positions are stored under the replay's group; in Kafka each process is a group of its own
    // holding a fixed share of the partitions.
    groupId: `lw-replay-${id}`,
    kafkaClient: config.LW_KAFKA_CLIENT,
    consumer: mine
      ? createPartitionConsumer(config.LW_KAFKA_CLIENT, {
          kafka,
          groupId: `lw-replay-${id}-${processIndex}`,
          topics: [topics.orders, topics.api, topics.downloads],
          logger,
          partitionAssigners: [fixedAssigner(mine)],
          // The whole log is read at once: larger fetches mean fewer round trips. kafkajs fetches
          // again only after a fetch's batches are processed; the fast consumer has the next
          // fetch under way meanwhile (two responses in memory), so it asks for half as much.
          maxBytesPerPartition: (config.LW_KAFKA_CLIENT === "fast" ? 4 : 8) * 1024 * 1024,
          maxBytes: (config.LW_KAFKA_CLIENT === "fast" ? 32 : 64) * 1024 * 1024,
        })
      : undefined,
    stream: replayStream(id),
    workerId: `replay-${id}-${process.pid}`,
    logger,
    onFatal: () => process.exit(1),
    publishFrames: false,
    idleMs: 1000,
    // Fewer, larger transactions: each covers minutes of event time, summed per stored bucket.
    flushIntervalMs: 2000,
    graceMs: config.LW_GRACE_MS,
    dedupHorizonMs: config.LW_DEDUP_HORIZON_MS,
    snapshotRetentionHours: 24 * 365,
    replay: {
      // A frame (and snapshot) per event-time minute: fine enough to scrub a 9-hour launch,
      // and 540 frames rather than 3,240 per worker (each scans all 300,000 shops).
      stepSeconds: 60,
      eventRange: { from: replay.from, to: replay.to },
      transformCapacity: (t) => applyCapacityOverrides(t, replay.overrides),
    },
    loadRules: async () => applyRuleOverrides(await rules.load(), replay.ruleOverrides),
    alertSink: async (alerts) => {
      const changes = alerts.filter((a) => lastState.get(a.fingerprint) !== a.state);
      for (const a of changes) lastState.set(a.fingerprint, a.state);
      await replays.addAlerts(id, changes);
    },
  });
  const stop = async () => {
    await worker.stop();
    await Promise.all([store.close(), rules.close(), replays.close()]);
    // Tell the replay run what this process did (it was started with an IPC channel).
    const cpu = process.cpuUsage();
    const report: ReplayWorkerReport = {
      stats: worker.stats(),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
    if (process.send) await new Promise((r) => process.send?.(report, undefined, undefined, r));
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  await worker.start();
}

main().catch((err) => {
  console.error(`[replay-worker] ${describeError(err)}`);
  process.exit(1);
});
