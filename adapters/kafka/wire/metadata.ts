/**
 * Where each partition's leader is: taken from kafkajs's admin client, so the fast producer
 * speaks only Produce itself and leaves metadata, bootstrap and broker discovery to kafkajs.
 */
import type { Admin } from "kafkajs";

export interface BrokerAddress {
  host: string;
  port: number;
}

export interface ClusterMetadata {
  brokers: Map<number, BrokerAddress>;
  /** Per topic, the leader's node id per partition (-1: none now). */
  leaders: Map<string, Int32Array>;
}

/** Fetches fresh metadata for `topics`. */
export type MetadataSource = (topics: readonly string[]) => Promise<ClusterMetadata>;

/** A metadata source over a connected kafkajs admin client. */
export function kafkajsMetadata(admin: Admin): MetadataSource {
  return async (topics) => {
    const [cluster, meta] = await Promise.all([
      admin.describeCluster(),
      admin.fetchTopicMetadata({ topics: [...topics] }),
    ]);
    const brokers = new Map(cluster.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }]));
    const leaders = new Map<string, Int32Array>();
    for (const t of meta.topics) {
      const count = Math.max(0, ...t.partitions.map((p) => p.partitionId + 1));
      const l = new Int32Array(count).fill(-1);
      for (const p of t.partitions)
        if (p.partitionErrorCode === 0 || p.leader >= 0) l[p.partitionId] = p.leader;
      leaders.set(t.name, l);
    }
    return { brokers, leaders };
  };
}
