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
import { createFetcher, type Round } from "./fetch-round";
import { handOut } from "./hand-out";
import { handlePartitionError } from "./partition-error";

export interface FastConsumerOptions extends KafkajsConsumerOptions {
  /** How long the broker may hold a fetch that has nothing to return (default 100 ms). */
  maxWaitMs?: number;
  clientId?: string;
  /** A batch inflating past this many bytes is skipped as unreadable (default 64 MiB). */
  maxInflatedBytes?: number;
}

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
  const fetcher = createFetcher({
    kafka,
    admin,
    topics,
    clientId,
    maxWaitMs,
    maxBytes,
    maxBytesPerPartition,
    maxInflatedBytes,
  });
  const { refreshMetadata } = fetcher;
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
  /**
   * kafkajs found the group rebalancing (a heartbeat said so) and is re-joining: batches of the
   * old assignment stop here until the new one is taken, rather than being counted and then
   * fenced off by the member the partition moved to.
   */
  let rebalancing = false;
  let loop: Promise<void> = Promise.resolve();
  /** The caller's hold-back (PartitionHandlers.held): held partitions are left out of fetches. */
  let held: (tp: TopicPartition) => boolean = () => false;

  const fetchRound = (gen: number): Promise<Round> => fetcher.fetchRound(gen, owned, fetchPos, held);
  const errorContext = {
    admin,
    logger,
    next,
    fetchPos,
    current: (gen: number) => gen === generation() && gen === appliedGen,
    refreshMetadata,
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
            await handlePartitionError(f, gen, errorContext);
          } catch (err) {
            if (err instanceof LaunchwatchError && !err.retriable) throw err;
            await backoff("fetch error handling failed; retrying", err);
          }
          continue;
        }
        const from = next.get(f.key);
        if (from === undefined) continue;
        const current = () => gen === appliedGen && gen === generation();
        const handed = await handOut(f, from, handlers, current, logger);
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
      await consumer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
      await fetcher.close();
    },
  };
}
