/**
 * The web process's replays: the shared playback sessions and the launcher, whose Kafka replays
 * run as processes of their own (adapters/process/replay-process.ts) with this process's brokers, database and topic prefix.
 */
import type { Kafka } from "kafkajs";
import type { ReplayDataPort } from "../adapters/db/replay-data";
import type { ReplayStore } from "../adapters/db/replay-store";
import { type TopicNames, topicPrefixOf } from "../adapters/kafka/topics";
import type { Logger } from "../adapters/log";
import { createReplayProcessRunner } from "../adapters/process/replay-process";
import { createReplayLauncher } from "./replay/replay-launcher";
import { createReplaySessions } from "./replay/replay-sessions";
import type { Shutdown } from "./shutdown";

export function startWebReplays(
  {
    store,
    data,
    topics,
    brokers,
    databaseUrl,
    logger,
    maxRunning,
  }: {
    store: ReplayStore;
    data: ReplayDataPort;
    /** Unused since replays run in processes of their own (kept for the wiring's call). */
    kafka?: Kafka;
    topics: TopicNames;
    brokers: string[];
    databaseUrl: string;
    logger: Logger;
    /** Kafka replays re-aggregating at once (the launcher's default when unset). */
    maxRunning?: number;
  },
  shutdown: Shutdown,
) {
  const sessions = createReplaySessions({ logger, data });
  shutdown.add(() => sessions.close());
  const launcher = createReplayLauncher({
    store,
    logger,
    maxRunning,
    ...data,
    // Each Kafka replay in a process of its own, behind the launcher's port (core/replay/replay-runner.ts).
    runner: createReplayProcessRunner({
      env: {
        KAFKA_BROKERS: brokers.join(","),
        DATABASE_URL: databaseUrl,
        LW_TOPIC_PREFIX: topicPrefixOf(topics),
      },
      logger: logger.child({ component: "replay" }),
    }),
  });
  // Stopping the web stops its replays' processes; their rows end `failed`, not `running`.
  shutdown.add(() => launcher.close());
  return { sessions, launcher };
}
