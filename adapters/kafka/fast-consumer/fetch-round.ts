/**
 * One fetch round of the fast consumer: a Fetch request to each partition's leader for the
 * partitions it owns (on connections of its own, one per broker), the answers read into
 * columns over the response bytes (fetch-response.ts). The metadata (leaders, broker
 * addresses) comes from kafkajs's admin client and is looked up again when a leader is missing.
 */
import type { Admin, Kafka } from "kafkajs";
import { kafkaSecurityOf } from "../client";
import { type TopicPartition, tpKey } from "../partition-consumer";
import { type BrokerConnection, connectBroker } from "../wire/connection";
import { KafkaConnectionError } from "../wire/errors";
import { type ClusterMetadata, kafkajsMetadata } from "../wire/metadata";
import { encodeFetchRequest, type FetchPartition } from "./fetch-request";
import { type Fetched, readFetchResponse } from "./fetch-response";

export type { Fetched } from "./fetch-response";

export interface Round {
  generation: number;
  partitions: Fetched[];
}

export interface FetcherOptions {
  kafka: Kafka;
  admin: Admin;
  topics: string[];
  clientId: string;
  maxWaitMs: number;
  maxBytes: number;
  maxBytesPerPartition: number;
  maxInflatedBytes: number | undefined;
}

export interface Fetcher {
  refreshMetadata(): Promise<void>;
  /**
   * Fetches the partitions of `owned` that have a position in `fetchPos` and are not `held`,
   * from there; a round of generation `gen`.
   */
  fetchRound(
    gen: number,
    owned: readonly TopicPartition[],
    fetchPos: ReadonlyMap<string, number>,
    held: (tp: TopicPartition) => boolean,
  ): Promise<Round>;
  /** Closes the broker connections; no round starts after it. */
  close(): Promise<void>;
}

/**
 * The partitions of `owned` to fetch (with a position in `fetchPos`, not `held`), by leader,
 * the list starting at `start`; `leaderless` counts those whose leader is not known now.
 */
function byLeaderOf(
  meta: ClusterMetadata | null,
  owned: readonly TopicPartition[],
  fetchPos: ReadonlyMap<string, number>,
  held: (tp: TopicPartition) => boolean,
  start: number,
): { byLeader: Map<number, FetchPartition[]>; leaderless: number } {
  const byLeader = new Map<number, FetchPartition[]>();
  let leaderless = 0;
  for (let k = 0; k < owned.length; k++) {
    const tp = owned[(start + k) % owned.length]!;
    const fetchOffset = fetchPos.get(tpKey(tp));
    if (fetchOffset === undefined || held(tp)) continue;
    const leader = meta?.leaders.get(tp.topic)?.[tp.partition] ?? -1;
    if (leader < 0) {
      leaderless++;
      continue;
    }
    let list = byLeader.get(leader);
    if (!list) byLeader.set(leader, (list = []));
    list.push({ ...tp, fetchOffset });
  }
  return { byLeader, leaderless };
}

export function createFetcher({
  kafka,
  admin,
  topics,
  clientId,
  maxWaitMs,
  maxBytes,
  maxBytesPerPartition,
  maxInflatedBytes,
}: FetcherOptions): Fetcher {
  const metadataOf = kafkajsMetadata(admin);
  let meta: ClusterMetadata | null = null;
  const connections = new Map<number, Promise<BrokerConnection>>();
  let stopped = false;
  /** Where the next request's partition list starts: turns every round so none is always last. */
  let rotation = 0;

  const refreshMetadata = async () => {
    meta = await metadataOf(topics);
  };

  const connection = async (node: number): Promise<BrokerConnection> => {
    const known = connections.get(node);
    if (known) {
      const c = await known.catch(() => null);
      if (c && !c.closed) return c;
      // Failed or closed since: connect again.
      if (connections.get(node) === known) connections.delete(node);
      return connection(node);
    }
    if (stopped) throw new KafkaConnectionError("consumer stopped");
    const address = meta?.brokers.get(node);
    if (!address) throw new KafkaConnectionError(`broker ${node} is not in the metadata`);
    const p = connectBroker({
      ...address,
      requestTimeoutMs: maxWaitMs + 30_000,
      security: kafkaSecurityOf(kafka),
      clientId,
    });
    connections.set(node, p);
    return p;
  };

  /** Sends one fetch per leader for the owned partitions from `fetchPos`; reads the answers. */
  const fetchRound: Fetcher["fetchRound"] = async (gen, owned, fetchPos, held) => {
    // The broker fills a response in request order: start each round one partition further on.
    const start = owned.length ? rotation++ % owned.length : 0;
    const { byLeader, leaderless } = byLeaderOf(meta, owned, fetchPos, held, start);
    // A partition without a leader now (broker restarting, topic just created): look again.
    if (leaderless > 0) await refreshMetadata();
    if (byLeader.size === 0) {
      await new Promise((r) => setTimeout(r, maxWaitMs));
      return { generation: gen, partitions: [] };
    }
    const answers = await Promise.all(
      [...byLeader].map(async ([node, list]) => {
        const conn = await connection(node);
        const correlationId = conn.nextCorrelationId();
        const body = await conn.request(
          encodeFetchRequest(list, {
            correlationId,
            clientId,
            maxWaitMs,
            minBytes: 1,
            maxBytes,
            partitionMaxBytes: maxBytesPerPartition,
            isolationLevel: 1,
          }),
          correlationId,
        );
        const from = new Map(list.map((p) => [tpKey(p), p.fetchOffset]));
        return readFetchResponse(node, body, from, maxInflatedBytes);
      }),
    );
    return { generation: gen, partitions: answers.flat() };
  };

  return {
    refreshMetadata,
    fetchRound,
    async close() {
      stopped = true;
      const conns = await Promise.allSettled(connections.values());
      connections.clear();
      for (const c of conns) if (c.status === "fulfilled") await c.value.close();
    },
  };
}
