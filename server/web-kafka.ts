/**
 * The web process's Kafka side: the topics it needs, the producer (watch entries, posted
 * alerts), the `watch` publisher fed by the hub's watched shops, and the `frames` consumer that
 * feeds the hub and the metrics.
 */
import type { Kafka } from "kafkajs";
import { ensureTopics, type TopicNames } from "../adapters/kafka/topics";
import type { Logger } from "../adapters/log";
import { startFramesConsumer } from "./live/frames-consumer";
import type { LiveHub } from "./live/hub";
import type { LaunchMetrics } from "./live/launch-metrics";
import { createWatchPublisher } from "./live/watch-publisher";
import type { WebMetrics } from "./metrics";
import type { Shutdown } from "./shutdown";

/** Creates the topics that are missing, with `partitions` partitions. */
export async function ensureWebTopics(kafka: Kafka, topics: TopicNames, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics, partitions);
  } finally {
    await admin.disconnect();
  }
}

/** Connects the producer and the watch publisher, then joins the frames consumer's own group (`lw-web-<instanceId>`). */
export async function startWebKafka(
  {
    kafka,
    topics,
    instanceId,
    hub,
    metrics,
    launchMetrics,
    logger,
    clock,
    watchRepublishMs,
  }: {
    kafka: Kafka;
    topics: TopicNames;
    instanceId: string;
    hub: LiveHub;
    metrics: WebMetrics;
    launchMetrics: LaunchMetrics;
    logger: Logger;
    clock: () => number;
    watchRepublishMs?: number;
  },
  shutdown: Shutdown,
) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  shutdown.add(() => producer.disconnect());
  const watch = createWatchPublisher({
    producer,
    topic: topics.watch,
    instance: instanceId,
    logger,
    clock,
    republishMs: watchRepublishMs,
  });
  shutdown.add(() => watch.close());
  hub.onWatchChange((ids) => {
    metrics.watchedShops.set(ids.length);
    watch.set(ids);
  });

  const frames = await startFramesConsumer({
    kafka,
    topic: topics.frames,
    groupId: `lw-web-${instanceId}`,
    logger,
    onFrame: (f) => {
      metrics.framesReceived.inc({ result: "ok" });
      metrics.frameAge.observe(Math.max(0, clock() - f.emittedAt) / 1000);
      hub.addFrame(f);
      launchMetrics.addFrame(f);
    },
    onInvalid: (reason) => {
      metrics.framesReceived.inc({ result: "invalid" });
      logger.warn("dropped an invalid frame", { reason });
    },
  });
  shutdown.add(() => frames.stop());
  return { producer, frames };
}
