/**
 * A partition consumer that fetches for itself: kafkajs keeps the consumer-group membership
 * (join, sync, heartbeats, assignment, offset commits) with every topic paused, so it never
 * fetches; this module sends Fetch requests to each partition's leader on its own connections
 * and reads the record batches straight into columns over the response bytes
 * (record-reader.ts). The next fetch is sent as soon as a response is read, so the broker
 * prepares it while this one is processed.
 *
 * Same contract as the kafkajs consumer (partition-consumer.ts): the caller's store decides
 * where each assigned partition starts, batches are handed out one at a time, never two of
 * different generations, and a rebalance or resync waits until the caller has taken the new
 * assignment.
 */
import type { Consumer, Kafka, PartitionAssigner } from "kafkajs";
import { describeError, LaunchwatchError } from "../../../core/errors";
import type { Logger } from "../../log";
import type {
  AssignedPartition,
  PartitionConsumer,
  PartitionHandlers,
  TopicPartition,
} from "../partition-consumer";
import { tpKey } from "../partition-consumer";
import type { SourceBatch } from "../source-batch";
import { type BrokerConnection, connectBroker } from "../wire/connection";
import { isRetriableCode, kafkaErrorName } from "../wire/errors";
import { type ClusterMetadata, kafkajsMetadata } from "../wire/metadata";
import { decodeFetchResponse, encodeFetchRequest, type FetchPartition } from "./fetch-request";
import { readRecords } from "./record-reader";

export interface FastConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  /** Bytes fetched per partition per request (default 1 MiB). */
  maxBytesPerPartition?: number;
  /** Bytes fetched per request over all partitions (default 16 MiB). */
  maxBytes?: number;
  /** How long the broker may hold a fetch that has nothing to return (default 100 ms). */
  maxWaitMs?: number;
  sessionTimeout?: number;
  partitionAssigners?: PartitionAssigner[];
  clientId?: string;
}

/** One partition's data from one fetch round, read and ready to hand out. */
interface Fetched {
  tp: TopicPartition;
  key: string;
  batch: SourceBatch | null;
  /** Where the next fetch of this partition starts. */
  nextOffset: number;
  caughtUp: boolean;
  errorCode: number;
}

interface Round {
  generation: number;
  partitions: Fetched[];
}

/** Codes after which the leader or the metadata must be looked up again. */
const metadataCodes = new Set([3, 5, 6, 9, 56, 74, 75]);
const OFFSET_OUT_OF_RANGE = 1;

export function createFastPartitionConsumer({
  kafka,
  groupId,
  topics,
  logger,
  maxBytesPerPartition = 1024 * 1024,
  maxBytes = 16 * 1024 * 1024,
  maxWaitMs = 100,
  sessionTimeout = 30_000,
  partitionAssigners,
  clientId = "launchwatch-fetch",
}: FastConsumerOptions): PartitionConsumer {
  const consumer: Consumer = kafka.consumer({
    groupId,
    ...(partitionAssigners ? { partitionAssigners } : {}),
    maxWaitTimeInMs: maxWaitMs,
    sessionTimeout,
    heartbeatInterval: Math.min(3000, Math.floor(sessionTimeout / 3)),
  });
  const admin = kafka.admin();
  const metadataOf = kafkajsMetadata(admin);
  let meta: ClusterMetadata | null = null;
  const connections = new Map<number, Promise<BrokerConnection>>();
  /** Next offset to hand out, per partition of the current assignment. */
  const next = new Map<string, number>();
  /** Next offset to fetch (ahead of `next` while a prefetched round waits). */
  const fetchPos = new Map<string, number>();
  let owned: TopicPartition[] = [];
  let assigning: Promise<void> | null = null;
  let lastAssigned: TopicPartition[] = [];
  let assign: ((assigned: TopicPartition[]) => void) | null = null;
  let generation = 0;
  let running = false;
  let loop: Promise<void> = Promise.resolve();

  const refreshMetadata = async () => {
    meta = await metadataOf(topics);
  };

  const connection = (node: number): Promise<BrokerConnection> => {
    const known = connections.get(node);
    if (known) return known;
    const address = meta?.brokers.get(node);
    if (!address) return Promise.reject(new Error(`broker ${node} is not in the metadata`));
    const p = connectBroker({ ...address, requestTimeoutMs: maxWaitMs + 30_000 });
    connections.set(node, p);
    p.then(
      (c) => {
        // A closed connection is replaced on next use.
        const check = setInterval(() => {
          if (c.closed) {
            clearInterval(check);
            if (connections.get(node) === p) connections.delete(node);
          }
        }, 1000);
        check.unref();
      },
      () => {
        if (connections.get(node) === p) connections.delete(node);
      },
    );
    return p;
  };

  /** Sends one fetch per leader for the owned partitions from `fetchPos`; reads the answers. */
  const fetchRound = async (gen: number): Promise<Round> => {
    const byLeader = new Map<number, FetchPartition[]>();
    for (const tp of owned) {
      const fetchOffset = fetchPos.get(tpKey(tp));
      if (fetchOffset === undefined) continue;
      const leader = meta?.leaders.get(tp.topic)?.[tp.partition] ?? -1;
      if (leader < 0) continue;
      let list = byLeader.get(leader);
      if (!list) byLeader.set(leader, (list = []));
      list.push({ ...tp, fetchOffset });
    }
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
        const response = decodeFetchResponse(body);
        return response.partitions.map((p): Fetched => {
          const key = tpKey(p);
          const fetchOffset = from.get(key) ?? 0;
          const tp = { topic: p.topic, partition: p.partition };
          if (p.errorCode !== 0) {
            return { tp, key, batch: null, nextOffset: fetchOffset, caughtUp: false, errorCode: p.errorCode };
          }
          const read = readRecords(body, p.recordsStart, p.recordsEnd, fetchOffset, p.aborted);
          return {
            tp,
            key,
            batch: read.batch,
            nextOffset: read.nextOffset,
            caughtUp: read.nextOffset >= p.lastStableOffset,
            errorCode: 0,
          };
        });
      }),
    );
    return { generation: gen, partitions: answers.flat() };
  };

  const handleError = async (f: Fetched) => {
    const name = `${kafkaErrorName(f.errorCode)} (${f.errorCode})`;
    if (f.errorCode === OFFSET_OUT_OF_RANGE) {
      const bounds = await admin.fetchTopicOffsets(f.tp.topic);
      const low = Number(bounds.find((b) => b.partition === f.tp.partition)?.low ?? 0);
      logger.warn("fetch offset out of range; starting at the log start", {
        topic: f.tp.topic,
        partition: f.tp.partition,
        from: fetchPos.get(f.key),
        low,
      });
      if (next.has(f.key)) {
        next.set(f.key, low);
        fetchPos.set(f.key, low);
      }
      return;
    }
    if (metadataCodes.has(f.errorCode) || isRetriableCode(f.errorCode)) {
      logger.warn("fetch failed; refreshing metadata", {
        topic: f.tp.topic,
        partition: f.tp.partition,
        error: name,
      });
      await refreshMetadata();
      await new Promise((r) => setTimeout(r, 200));
      return;
    }
    throw new Error(`fetch from ${f.tp.topic}[${f.tp.partition}] failed: ${name}`);
  };

  const fetchLoop = async (handlers: PartitionHandlers) => {
    let prefetch: Promise<Round> | null = null;
    let failures = 0;
    while (running) {
      if (assigning) await assigning;
      if (!running) break;
      const gen = generation;
      let round: Round;
      try {
        round = await (prefetch ?? fetchRound(gen));
        failures = 0;
      } catch (err) {
        prefetch = null;
        // A batch this consumer cannot read (format, codec) will not read better on a retry.
        if (err instanceof LaunchwatchError && !err.retriable) throw err;
        failures++;
        const delay = Math.min(5000, 100 * 2 ** failures);
        logger.warn("fetch failed; retrying", {
          error: describeError(err),
          attempt: failures,
          delayMs: delay,
        });
        await new Promise((r) => setTimeout(r, delay));
        await refreshMetadata().catch(() => {});
        continue;
      }
      prefetch = null;
      if (round.generation !== generation) continue; // fetched for an assignment since replaced
      let errors = false;
      for (const f of round.partitions) {
        if (f.errorCode !== 0) errors = true;
        else if (next.has(f.key)) fetchPos.set(f.key, f.nextOffset);
      }
      // Ask for the next data now: the broker reads it while this round is processed.
      if (running && !errors) {
        prefetch = fetchRound(gen);
        prefetch.catch(() => {}); // handled when awaited
      }
      for (const f of round.partitions) {
        if (!running || gen !== generation) break;
        if (f.errorCode !== 0) {
          await handleError(f);
          continue;
        }
        const from = next.get(f.key);
        if (from === undefined || !f.batch) continue;
        await handlers.onBatch(f.tp, f.batch, f.caughtUp);
        if (gen === generation) next.set(f.key, f.batch.offsets[f.batch.count - 1]! + 1);
      }
    }
    if (prefetch) await prefetch.catch(() => {});
  };

  return {
    async run(handlers) {
      await Promise.all([consumer.connect(), admin.connect()]);
      await refreshMetadata();
      running = true;
      assign = (assigned: TopicPartition[]) => {
        const gen = ++generation;
        lastAssigned = assigned;
        assigning = (async () => {
          const bounds = new Map<string, { low: number; high: number }>();
          for (const topic of new Set(assigned.map((a) => a.topic))) {
            for (const o of await admin.fetchTopicOffsets(topic)) {
              bounds.set(`${topic}/${o.partition}`, { low: Number(o.low), high: Number(o.high) });
            }
          }
          await refreshMetadata();
          const withBounds: AssignedPartition[] = assigned.map((tp) => ({
            ...tp,
            low: 0,
            high: 0,
            ...bounds.get(tpKey(tp)),
          }));
          const positions = await handlers.onAssign(withBounds);
          if (gen !== generation) return;
          next.clear();
          fetchPos.clear();
          for (const tp of withBounds) {
            // Never start below what the log still holds: retention may have removed it.
            const offset = Math.max(positions.get(tpKey(tp)) ?? 0, tp.low);
            next.set(tpKey(tp), offset);
            fetchPos.set(tpKey(tp), offset);
          }
          owned = assigned;
          logger.info("partitions assigned", { count: assigned.length, generation: gen });
        })().catch((err) => {
          logger.error("assignment failed; stopping", { error: String(err) });
          running = false;
          void consumer.stop().finally(() => handlers.onFatal(err));
        });
      };
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        // kafkajs keeps the membership only: with every topic paused it fetches nothing.
        consumer.pause(topics.map((topic) => ({ topic })));
        assign?.(
          Object.entries(payload.memberAssignment).flatMap(([topic, parts]) =>
            (parts as number[]).map((partition) => ({ topic, partition })),
          ),
        );
      });
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatch: async () => {} });
      loop = fetchLoop(handlers).catch((err) => {
        logger.error("fetching stopped", { error: describeError(err) });
        running = false;
        void consumer.stop().finally(() => handlers.onFatal(err));
      });
    },
    resync() {
      assign?.(lastAssigned);
    },
    async commit(offsets) {
      if (offsets.length === 0) return;
      await consumer.commitOffsets(
        offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })),
      );
    },
    async stop() {
      running = false;
      await loop;
      await consumer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
      const conns = await Promise.allSettled(connections.values());
      connections.clear();
      for (const c of conns) if (c.status === "fulfilled") await c.value.close();
    },
  };
}
