/**
 * The partition a plain kafkajs producer would choose for a key (its default murmur2
 * partitioner), for producers that pick partitions themselves (the fast producer's callers).
 * Keys repeat (shop ids, endpoints), and murmur2 over kafkajs's Long arithmetic is worth caching.
 */
import { type Message, Partitioners, type PartitionMetadata } from "kafkajs";

/** `(topic, key) => partition` for topics of `partitions` partitions, cached per topic and key. */
export function createKeyPartitioner(
  partitions: number,
  { maxCached = 1_000_000 }: { maxCached?: number } = {},
): (topic: string, key: string) => number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from(
    { length: partitions },
    (_, partitionId): PartitionMetadata => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    }),
  );
  const caches = new Map<string, Map<string, number>>();
  const probe: Message = { key: "", value: null };
  return (topic, key) => {
    let cache = caches.get(topic);
    if (!cache) caches.set(topic, (cache = new Map()));
    let p = cache.get(key);
    if (p === undefined) {
      probe.key = key;
      p = partitioner({ topic, partitionMetadata, message: probe });
      if (cache.size >= maxCached) cache.clear();
      cache.set(key, p);
    }
    return p;
  };
}
