/**
 * Where the fast producer's partitions lead, and one connection to each leader. kafkajs (through
 * {@link MetadataSource}) tells where the leaders are; a refresh asked for by several sends at
 * once is one lookup.
 */
import type { KafkaSecurity } from "../security";
import type { BrokerConnection, connectBroker } from "../wire/connection";
import { KafkaConnectionError } from "../wire/errors";
import type { ClusterMetadata, MetadataSource } from "../wire/metadata";

export interface Leaders {
  /** The partition's leader's node id, -1 when it has none now (or is not in the metadata). */
  leaderOf(tp: { topic: string; partition: number }): number;
  /** The metadata has the partition (it may have no leader now). */
  knows(tp: { topic: string; partition: number }): boolean;
  /** Looks the metadata up again (one lookup for the callers that ask meanwhile). */
  refresh(): Promise<void>;
  /** The connection to broker `node`: the open one, or a new one. */
  connection(node: number): Promise<BrokerConnection>;
  /** Closes the connections. */
  close(): Promise<void>;
}

/** Fetches the metadata of `topics`; connects to a leader on first use. */
export async function createLeaders({
  topics,
  metadata,
  connect,
  requestTimeoutMs,
  security,
  clientId,
}: {
  topics: readonly string[];
  metadata: MetadataSource;
  connect: typeof connectBroker;
  requestTimeoutMs: number;
  security: KafkaSecurity;
  clientId: string;
}): Promise<Leaders> {
  let meta: ClusterMetadata = await metadata(topics);
  let refreshing: Promise<void> | null = null;
  const refresh = () =>
    (refreshing ??= metadata(topics)
      .then((m) => {
        meta = m;
      })
      .finally(() => {
        refreshing = null;
      }));

  const connections = new Map<number, Promise<BrokerConnection>>();
  const connection = async (node: number): Promise<BrokerConnection> => {
    const known = connections.get(node);
    if (known) {
      const c = await known.catch(() => null);
      if (c && !c.closed) return c;
      if (connections.get(node) !== known) return connection(node);
    }
    const address = meta.brokers.get(node);
    if (!address) throw new KafkaConnectionError(`broker ${node} is not in the metadata`);
    const p = connect({ ...address, requestTimeoutMs, security, clientId });
    connections.set(node, p);
    p.catch(() => {
      if (connections.get(node) === p) connections.delete(node);
    });
    return p;
  };

  return {
    leaderOf: (tp) => meta.leaders.get(tp.topic)?.[tp.partition] ?? -1,
    knows(tp) {
      const known = meta.leaders.get(tp.topic);
      return known !== undefined && tp.partition < known.length;
    },
    refresh,
    connection,
    async close() {
      const conns = await Promise.allSettled(connections.values());
      connections.clear();
      await Promise.all(conns.map((c) => (c.status === "fulfilled" ? c.value.close() : undefined)));
    },
  };
}
