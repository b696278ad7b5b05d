/**
 * Follows the compacted `watch` topic (which shops web processes are showing) and hands the
 * live set to the worker, so watched shops appear in frames whatever their load. Each worker
 * reads the whole topic in a group of its own.
 */
import type { Kafka } from "kafkajs";
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import { decodeWatchEntry, liveWatchedShops, type WatchEntry } from "../../core/live/watch";

export interface WatchFollower {
  start(): Promise<void>;
  /** Shop ids watched by live web processes at `now`. */
  shops(now: number): Set<number>;
  stop(): Promise<void>;
}

export function createWatchFollower({
  kafka,
  topic,
  groupId,
  logger,
}: {
  kafka: Kafka;
  topic: string;
  groupId: string;
  logger: Logger;
}): WatchFollower {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const entries = new Map<string, WatchEntry>();
  return {
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? "";
          try {
            const entry = decodeWatchEntry(message.value);
            if (entry) entries.set(key, entry);
            else entries.delete(key);
          } catch (err) {
            logger.warn("ignoring a bad watch entry", { key, error: describeError(err) });
          }
        },
      });
    },
    shops: (now) => liveWatchedShops(entries.values(), now),
    stop: () => consumer.disconnect(),
  };
}
