/**
 * Consumes the `alerts` topic (shop alerts from the workers, view alerts from the notifier) in
 * the notifiers' shared consumer group. A batch is handed over whole and its offsets committed
 * only after the handler returned, i.e. after the state changes it caused were stored: a crash
 * re-reads the batch, and re-sent alerts are deduplicated by fingerprint.
 */
import type { Kafka } from "kafkajs";
import { decodeJsonValue, startFollower } from "../../adapters/kafka/follower";
import type { Logger } from "../../adapters/log";
import { type Alert, AlertSchema } from "../../core/alerts/alert";

/** Header naming the notifier instance that published an alert (it ingested it already). */
export const originHeader = "lw-origin";

export interface AlertsConsumer {
  /** Resolves once the consumer joined its group and fetched (its start offsets are set). */
  ready(): Promise<void>;
  stop(): Promise<void>;
  stats(): { received: number; invalid: number };
}

/** Joins `groupId` on `topic` and hands over decoded alerts batch by batch; invalid messages are logged and skipped. */
export async function startAlertsConsumer({
  kafka,
  topic,
  groupId,
  instanceId,
  logger,
  onAlerts,
  sessionTimeoutMs = 10_000,
}: {
  kafka: Kafka;
  topic: string;
  groupId: string;
  /** Alerts published by this instance (header {@link originHeader}) are skipped. */
  instanceId: string;
  logger: Logger;
  onAlerts(alerts: Alert[]): Promise<void>;
  sessionTimeoutMs?: number;
}): Promise<AlertsConsumer> {
  const stats = { received: 0, invalid: 0 };
  const { consumer, ready } = await startFollower(kafka, {
    topic,
    groupId,
    name: "alerts consumer",
    logger,
    sessionTimeoutMs,
    maxBytesPerPartition: 2 * 1024 * 1024,
  });
  // A new group starts at the end: replaying old alerts would announce what is long over.
  // Afterwards the committed offsets say where to go on.
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      const alerts: Alert[] = [];
      for (const m of batch.messages) {
        stats.received++;
        if (m.headers?.[originHeader]?.toString() === instanceId) continue;
        const decoded = decodeJsonValue(m.value, AlertSchema);
        if (decoded.ok) alerts.push(decoded.value);
        else {
          stats.invalid++;
          logger.warn("ignoring an invalid alert message", { offset: m.offset, error: decoded.reason });
        }
      }
      if (alerts.length > 0) await onAlerts(alerts);
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
      await commitOffsetsIfNecessary({
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }],
          },
        ],
      });
      await heartbeat();
    },
  });
  return {
    ready: () => ready,
    stats: () => ({ ...stats }),
    async stop() {
      await consumer.disconnect().catch(() => {});
    },
  };
}
