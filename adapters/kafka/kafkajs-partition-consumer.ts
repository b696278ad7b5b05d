/**
 * The kafkajs implementation of the partition consumer seam (partition-consumer.ts): a
 * consumer-group member that hands out batches per partition and lets the caller decide where
 * each newly assigned partition starts (positions are stored in Postgres, not in Kafka). The
 * other implementation is the fast consumer (fast-consumer/); `createPartitionConsumer` picks.
 */
import type { Consumer } from "kafkajs";
import {
  type AssignmentTracker,
  commitGroupOffsets,
  consumerDefaults,
  memberConfig,
  trackAssignments,
} from "./group-assignment";
import type {
  KafkajsConsumerOptions,
  PartitionConsumer,
  PartitionHandlers,
  SourceMessage,
  TopicPartition,
} from "./partition-consumer";
import { tpKey } from "./partition-consumer";
import { packMessages } from "./source-batch";

export function createKafkajsPartitionConsumer({
  kafka,
  groupId,
  topics,
  logger,
  maxBytesPerPartition = consumerDefaults.maxBytesPerPartition,
  maxBytes = consumerDefaults.maxBytes,
  sessionTimeout,
  partitionAssigners,
}: KafkajsConsumerOptions): PartitionConsumer {
  const consumer: Consumer = kafka.consumer({
    ...memberConfig({ groupId, partitionAssigners, sessionTimeout }),
    maxBytesPerPartition,
    maxBytes,
  });
  const admin = kafka.admin();
  const next = new Map<string, number>(); // next offset to hand out, per partition
  const skipped = new Map<string, number>();
  let tracker: AssignmentTracker | null = null;
  /** The generation whose starts `next` holds and kafkajs was told to seek to. */
  let appliedGen = 0;
  let holdBack: ReturnType<typeof pauseHeld> | null = null;

  return {
    async run(handlers) {
      await Promise.all([consumer.connect(), admin.connect()]);
      tracker = trackAssignments({
        consumer,
        admin,
        logger,
        handlers,
        apply: (starts) => {
          appliedGen = tracker?.generation ?? 0;
          next.clear();
          for (const tp of starts) {
            next.set(tpKey(tp), tp.offset);
            consumer.seek({ topic: tp.topic, partition: tp.partition, offset: String(tp.offset) });
          }
        },
        onFailure: (err) => void consumer.stop().finally(() => handlers.onFatal(err)),
      });
      await consumer.subscribe({ topics, fromBeginning: true });
      holdBack = pauseHeld(consumer, handlers);
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: async ({ batch, isRunning, isStale, heartbeat, resolveOffset }) => {
          // Wait until the newest assignment is taken (one superseded while waiting never is).
          while (tracker && appliedGen !== tracker.generation && isRunning()) {
            if (tracker.pending) await tracker.pending;
            if (appliedGen !== tracker.generation) await new Promise((r) => setTimeout(r, 10));
          }
          if (!isRunning() || isStale()) return;
          const tp = { topic: batch.topic, partition: batch.partition };
          const key = tpKey(tp);
          const from = next.get(key);
          if (from === undefined) return; // not ours (any more)
          const first = batch.messages.length ? Number(batch.messages[0]!.offset) : from;
          if (first > from) {
            // Normally a batch fetched before our seek took effect: wait for the one that starts
            // where we asked. If it never comes, the log has a gap; accept it rather than stall.
            const waited = (skipped.get(key) ?? 0) + 1;
            skipped.set(key, waited);
            if (waited < 50) return;
            logger.warn("offset gap accepted", { topic: tp.topic, partition: tp.partition, from, first });
          }
          skipped.delete(key);
          const messages: SourceMessage[] = [];
          for (const m of batch.messages) {
            const offset = Number(m.offset);
            if (offset >= from)
              messages.push({
                offset,
                key: m.key,
                value: m.value,
                timestamp: Number(m.timestamp),
                headers: m.headers,
              });
          }
          if (messages.length > 0) {
            await handlers.onBatch(
              tp,
              packMessages(messages),
              Number(batch.lastOffset()) + 1 >= Number(batch.highWatermark),
            );
            next.set(key, messages[messages.length - 1]!.offset + 1);
          }
          resolveOffset(batch.lastOffset());
          holdBack?.afterBatch(tp);
          await heartbeat();
        },
      });
    },
    resync() {
      tracker?.resync();
    },
    commit: (offsets) => commitGroupOffsets(consumer, offsets),
    async stop() {
      holdBack?.stop();
      await consumer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
    },
  };
}

/**
 * kafkajs side of `PartitionHandlers.held`: pauses a partition the caller holds back after its
 * batch, and resumes it once the caller lets it go (checked after every batch and every 50 ms).
 */
function pauseHeld(consumer: Consumer, handlers: PartitionHandlers) {
  const paused = new Map<string, TopicPartition>();
  const resumeReleased = () => {
    for (const [key, tp] of paused) {
      if (handlers.held?.(tp)) continue;
      paused.delete(key);
      consumer.resume([{ topic: tp.topic, partitions: [tp.partition] }]);
    }
  };
  const timer = setInterval(resumeReleased, 50);
  timer.unref();
  return {
    afterBatch(tp: TopicPartition) {
      const key = tpKey(tp);
      if (handlers.held?.(tp) && !paused.has(key)) {
        consumer.pause([{ topic: tp.topic, partitions: [tp.partition] }]);
        paused.set(key, tp);
      }
      resumeReleased();
    },
    stop: () => clearInterval(timer),
  };
}
