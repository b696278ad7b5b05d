/**
 * A partition consumer that fetches for itself: kafkajs keeps the consumer-group membership
 * (join, sync, heartbeats, assignment, offset commits) with every topic paused, so it never
 * fetches; this module sends Fetch requests to each partition's leader on its own connections
 * and reads the record batches straight into columns over the response bytes
 * (record-reader.ts). The next fetch is sent as soon as a response is read, so the broker
 * prepares it while this one is processed.
 *
 * The jobs, one file each: membership.ts (the group, through kafkajs), fetch-loop.ts (rounds
 * fetched and handed out), fetch-round.ts (the requests), over the state both share
 * (consumer-state.ts). This module wires them up and starts and stops them.
 *
 * Same contract as the kafkajs consumer (partition-consumer.ts): the caller's store decides
 * where each assigned partition starts, batches are handed out one at a time, never two of
 * different generations, and a rebalance or resync waits until the caller has taken the new
 * assignment.
 */
import type { Consumer } from "kafkajs";
import { describeError } from "../../../core/errors";
import { commitGroupOffsets, consumerDefaults, memberConfig } from "../group-assignment";
import type { KafkajsConsumerOptions, PartitionConsumer } from "../partition-consumer";
import { createConsumerState } from "./consumer-state";
import { fetchLoop } from "./fetch-loop";
import { createFetcher } from "./fetch-round";
import { followGroup } from "./membership";

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
  const state = createConsumerState();
  let loop: Promise<void> = Promise.resolve();

  return {
    async run(handlers) {
      await Promise.all([consumer.connect(), admin.connect()]);
      await fetcher.refreshMetadata();
      state.running = true;
      if (handlers.held) state.held = handlers.held;
      followGroup(state, handlers, { consumer, admin, logger, topics });
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatch: async () => {} });
      loop = fetchLoop(state, handlers, { fetcher, admin, logger }).catch((err) => {
        logger.error("fetching stopped", { error: describeError(err) });
        state.running = false;
        void consumer.stop().finally(() => handlers.onFatal(err));
      });
    },
    resync() {
      state.tracker?.resync();
    },
    commit: (offsets) => commitGroupOffsets(consumer, offsets),
    async stop() {
      state.running = false;
      await loop;
      await consumer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
      await fetcher.close();
    },
  };
}
