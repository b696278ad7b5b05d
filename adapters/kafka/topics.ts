/**
 * Topic names and their idempotent creation. Partition counts come from config; frames and the
 * dead-letter topic are small and keep one partition per worker-sized load.
 */
import type { Admin } from "kafkajs";

export interface TopicNames {
  orders: string;
  downloads: string;
  api: string;
  /** Aggregated frames published by workers, consumed by the web tier. */
  frames: string;
  /** Events that could not be decoded, with the reason in a header. */
  deadLetter: string;
  /** Shop ids web processes are showing (key = web instance); workers add them to frames. */
  watch: string;
  /** Alert updates (key = fingerprint) from the workers and the alerter to the notifier. */
  alerts: string;
}

/** The prefix `topicNames` was given (`lw.` for `lw.orders`). */
export const topicPrefixOf = (topics: TopicNames): string => topics.orders.slice(0, -"orders".length);

/** Topic names for a prefix. Default prefix `lw.` gives `lw.orders`, `lw.frames`, ... */
export function topicNames(prefix = "lw."): TopicNames {
  return {
    orders: `${prefix}orders`,
    downloads: `${prefix}downloads`,
    api: `${prefix}api`,
    frames: `${prefix}frames`,
    deadLetter: `${prefix}dead-letter`,
    watch: `${prefix}watch`,
    alerts: `${prefix}alerts`,
  };
}

/** Creates any missing topic; existing ones are left as they are. Returns the names created. */
export async function ensureTopics(admin: Admin, names: TopicNames, partitions: number): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const wanted = [
    { topic: names.orders, numPartitions: partitions },
    { topic: names.downloads, numPartitions: partitions },
    { topic: names.api, numPartitions: partitions },
    { topic: names.frames, numPartitions: 1 },
    { topic: names.deadLetter, numPartitions: 1 },
    { topic: names.watch, numPartitions: 1, configEntries: [{ name: "cleanup.policy", value: "compact" }] },
    { topic: names.alerts, numPartitions: 3 },
  ].filter((t) => !existing.has(t.topic));
  if (wanted.length === 0) return [];
  await admin.createTopics({ topics: wanted, waitForLeaders: true });
  return wanted.map((t) => t.topic);
}
