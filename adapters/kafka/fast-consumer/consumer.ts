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
import type { Consumer } from "kafkajs";
import { describeError, LaunchwatchError } from "../../../core/errors";
import { kafkaSecurityOf } from "../client";
import {
  type AssignmentTracker,
  commitGroupOffsets,
  consumerDefaults,
  memberConfig,
  trackAssignments,
} from "../group-assignment";
import type {
  KafkajsConsumerOptions,
  PartitionConsumer,
  PartitionHandlers,
  TopicPartition,
} from "../partition-consumer";
import { tpKey } from "../partition-consumer";
import { dropBefore, type SourceBatch, splitBefore, type UnreadableBatch } from "../source-batch";
import { type BrokerConnection, connectBroker } from "../wire/connection";
import { isRetriableCode, KafkaConnectionError, kafkaErrorName } from "../wire/errors";
import { type ClusterMetadata, kafkajsMetadata } from "../wire/metadata";
import { decodeFetchResponse, encodeFetchRequest, type FetchPartition } from "./fetch-request";
import { readRecords } from "./record-reader";

export interface FastConsumerOptions extends KafkajsConsumerOptions {
  /** How long the broker may hold a fetch that has nothing to return (default 100 ms). */
  maxWaitMs?: number;
  clientId?: string;
  /** A batch inflating past this many bytes is skipped as unreadable (default 64 MiB). */
  maxInflatedBytes?: number;
}

/** One partition's data from one fetch round, read and ready to hand out. */
interface Fetched {
  tp: TopicPartition;
  key: string;
  batch: SourceBatch | null;
  /** Batches skipped as unreadable (null: none). */
  unreadable: UnreadableBatch[] | null;
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
  maxBytesPerPartition = consumerDefaults.maxBytesPerPartition,
  maxBytes = consumerDefaults.maxBytes,
  maxWaitMs = consumerDefaults.maxWaitMs,
  sessionTimeout,
  partitionAssigners,
  clientId = "launchwatch-fetch",
  maxInflatedBytes,
}: FastConsumerOptions): PartitionConsumer {
  const consumer: Consumer = kafka.consumer(
    memberConfig({ groupId, partitionAssigners, sessionTimeout, maxWaitMs }),
  );
  const admin = kafka.admin();
  const metadataOf = kafkajsMetadata(admin);
  let meta: ClusterMetadata | null = null;
  const connections = new Map<number, Promise<BrokerConnection>>();
  /** Next offset to hand out, per partition of the current assignment. */
  const next = new Map<string, number>();
  /** Next offset to fetch (ahead of `next` while a prefetched round waits). */
  const fetchPos = new Map<string, number>();
  let owned: TopicPartition[] = [];
  let tracker: AssignmentTracker | null = null;
  const generation = () => tracker?.generation ?? 0;
  /** The generation whose starts `next`, `fetchPos` and `owned` hold. */
  let appliedGen = 0;
  let running = false;
  let stopped = false;
  /** Where the next request's partition list starts: turns every round so none is always last. */
  let rotation = 0;
  /**
   * kafkajs found the group rebalancing (a heartbeat said so) and is re-joining: batches of the
   * old assignment stop here until the new one is taken, rather than being counted and then
   * fenced off by the member the partition moved to.
   */
  let rebalancing = false;
  let loop: Promise<void> = Promise.resolve();
  /** The caller's hold-back (PartitionHandlers.held): held partitions are left out of fetches. */
  let held: (tp: TopicPartition) => boolean = () => false;

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
  const fetchRound = async (gen: number): Promise<Round> => {
    const byLeader = new Map<number, FetchPartition[]>();
    let leaderless = 0;
    // The broker fills a response in request order: start each round one partition further on.
    const start = owned.length ? rotation++ % owned.length : 0;
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
        try {
          return readResponse(node, body, from);
        } catch (err) {
          if (err instanceof LaunchwatchError) throw err;
          // Bytes that do not parse (a RangeError past the end, bad gzip) will not parse better later.
          throw new LaunchwatchError(`unreadable fetch response from broker ${node}: ${describeError(err)}`, {
            cause: err,
          });
        }
      }),
    );
    return { generation: gen, partitions: answers.flat() };
  };

  const readResponse = (node: number, body: Buffer, from: Map<string, number>): Fetched[] => {
    const response = decodeFetchResponse(body);
    if (response.errorCode !== 0) {
      const code = response.errorCode;
      throw new LaunchwatchError(`fetch from broker ${node} failed: ${kafkaErrorName(code)} (${code})`, {
        retriable: isRetriableCode(code),
      });
    }
    return response.partitions.map((p): Fetched => {
      const key = tpKey(p);
      const fetchOffset = from.get(key) ?? 0;
      const tp = { topic: p.topic, partition: p.partition };
      if (p.errorCode !== 0) {
        return {
          tp,
          key,
          batch: null,
          unreadable: null,
          nextOffset: fetchOffset,
          caughtUp: false,
          errorCode: p.errorCode,
        };
      }
      const read = readRecords(body, p.recordsStart, p.recordsEnd, fetchOffset, p.aborted, maxInflatedBytes);
      return {
        tp,
        key,
        batch: read.batch,
        unreadable: read.unreadable,
        nextOffset: read.nextOffset,
        // read_committed reads up to the last stable offset (-1 when the broker has none to tell).
        caughtUp: read.nextOffset >= (p.lastStableOffset >= 0 ? p.lastStableOffset : p.highWatermark),
        errorCode: 0,
      };
    });
  };

  /** A partition's fetch failed: fix what can be fixed; throws what must stop the worker. */
  const handleError = async (f: Fetched, gen: number) => {
    const name = `${kafkaErrorName(f.errorCode)} (${f.errorCode})`;
    if (f.errorCode === OFFSET_OUT_OF_RANGE) {
      const bounds = (await admin.fetchTopicOffsets(f.tp.topic)).find((b) => b.partition === f.tp.partition);
      if (gen !== generation() || gen !== appliedGen) return; // a new assignment chose anew
      const low = Number(bounds?.low ?? 0);
      const high = Number(bounds?.high ?? 0);
      const at = fetchPos.get(f.key) ?? 0;
      if (at > high) {
        // Stored positions ahead of the log: the topic was recreated or truncated. Starting
        // over would count the new log's events under offsets already stored; stop and say so.
        throw new LaunchwatchError(
          `${f.tp.topic}[${f.tp.partition}]: position ${at} is past the log end ${high} (topic recreated or truncated?); ` +
            "the stored positions of this consumer group no longer match the log",
        );
      }
      // Below the log start: retention removed events this group never read.
      logger.warn("fetch offset below the log start; continuing there", {
        topic: f.tp.topic,
        partition: f.tp.partition,
        from: at,
        low,
      });
      next.set(f.key, low);
      fetchPos.set(f.key, low);
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
    throw new LaunchwatchError(`fetch from ${f.tp.topic}[${f.tp.partition}] failed: ${name}`);
  };

  const fetchLoop = async (handlers: PartitionHandlers) => {
    let prefetch: Promise<Round> | null = null;
    let failures = 0;
    const backoff = async (what: string, err: unknown) => {
      failures++;
      const delay = Math.min(5000, 100 * 2 ** failures);
      logger.warn(what, { error: describeError(err), attempt: failures, delayMs: delay });
      await new Promise((r) => setTimeout(r, delay));
      await refreshMetadata().catch(() => {});
    };
    while (running) {
      if (appliedGen !== generation()) {
        // An assignment is under way (or was superseded by a newer one): wait for the newest
        // to be taken; nothing fetched for an older one is handed out.
        prefetch = null;
        const pending = tracker?.pending;
        if (pending) await pending;
        if (appliedGen !== generation()) await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      if (rebalancing) {
        prefetch = null;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const gen = appliedGen;
      let round: Round;
      try {
        round = await (prefetch ?? fetchRound(gen));
        failures = 0;
      } catch (err) {
        prefetch = null;
        // A batch this consumer cannot read (format, codec) will not read better on a retry.
        if (err instanceof LaunchwatchError && !err.retriable) throw err;
        await backoff("fetch failed; retrying", err);
        continue;
      }
      prefetch = null;
      if (round.generation !== appliedGen || appliedGen !== generation()) continue; // an older assignment's
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
      for (let i = 0; i < round.partitions.length; i++) {
        const f = round.partitions[i]!;
        if (!running || rebalancing || gen !== appliedGen || gen !== generation()) {
          // Stopped handing out midway: what was not handed out is fetched again.
          prefetch = null;
          if (gen === appliedGen) {
            for (const rest of round.partitions.slice(i)) {
              const at = next.get(rest.key);
              if (at !== undefined) fetchPos.set(rest.key, at);
            }
          }
          break;
        }
        if (f.errorCode !== 0) {
          try {
            await handleError(f, gen);
          } catch (err) {
            if (err instanceof LaunchwatchError && !err.retriable) throw err;
            await backoff("fetch error handling failed; retrying", err);
          }
          continue;
        }
        const from = next.get(f.key);
        if (from === undefined) continue;
        // Never hand out an offset twice within an assignment.
        let batch = f.batch && dropBefore(f.batch, from);
        let handed = from;
        const current = () => gen === appliedGen && gen === generation();
        // Batches that cannot be read are reported, not fatal (the worker dead-letters a marker),
        // in offset order with the records around them.
        for (const u of f.unreadable ?? []) {
          if (u.lastOffset < from) continue;
          if (batch) {
            const [before, after] = splitBefore(batch, u.firstOffset);
            batch = after;
            if (before) {
              await handlers.onBatch(f.tp, before, false);
              if (!current()) break;
              handed = before.offsets[before.count - 1]! + 1;
            }
          }
          const skipped = { ...u, firstOffset: Math.max(u.firstOffset, from) };
          logger.error("unreadable record batch skipped", { ...f.tp, ...skipped });
          handlers.onUnreadable(f.tp, skipped);
          handed = Math.max(handed, u.lastOffset + 1);
        }
        if (batch && current()) {
          await handlers.onBatch(f.tp, batch, f.caughtUp);
          handed = Math.max(handed, batch.offsets[batch.count - 1]! + 1);
        }
        if (handed > from && current()) next.set(f.key, handed);
      }
    }
    if (prefetch) await prefetch.catch(() => {});
  };

  return {
    async run(handlers) {
      await Promise.all([consumer.connect(), admin.connect()]);
      await refreshMetadata();
      running = true;
      if (handlers.held) held = handlers.held;
      tracker = trackAssignments({
        consumer,
        admin,
        logger,
        handlers,
        // kafkajs keeps the membership only: with every topic paused it fetches nothing.
        onJoin: () => {
          consumer.pause(topics.map((topic) => ({ topic })));
          rebalancing = false;
        },
        apply: (starts) => {
          appliedGen = tracker?.generation ?? 0;
          next.clear();
          fetchPos.clear();
          for (const tp of starts) {
            next.set(tpKey(tp), tp.offset);
            fetchPos.set(tpKey(tp), tp.offset);
          }
          owned = starts.map(({ topic, partition }) => ({ topic, partition }));
        },
        onFailure: (err) => {
          running = false;
          void consumer.stop().finally(() => handlers.onFatal(err));
        },
      });
      consumer.on(consumer.events.REBALANCING, () => {
        rebalancing = true;
      });
      // kafkajs restarts its consumer after retriable failures (then joins again); after any
      // other the membership is gone, and fetching without it would read partitions nobody owns.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!running) return;
        if (payload.restart) {
          // kafkajs leaves the group and joins again: hand nothing out until it has.
          rebalancing = true;
          return;
        }
        logger.error("group membership lost; stopping", { error: describeError(payload.error) });
        running = false;
        handlers.onFatal(payload.error);
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
      tracker?.resync();
    },
    commit: (offsets) => commitGroupOffsets(consumer, offsets),
    async stop() {
      running = false;
      await loop;
      stopped = true;
      await consumer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
      const conns = await Promise.allSettled(connections.values());
      connections.clear();
      for (const c of conns) if (c.status === "fulfilled") await c.value.close();
    },
  };
}
