/**
 * What both partition consumers do when the group deals partitions: on every join, look up
 * each assigned partition's log bounds, let the caller choose where each starts (its store
 * knows), never below the log start, and hand the starts to the consumer. A newer assignment
 * (or a resync) supersedes one still under way; a failed one stops the consumer.
 */
import type { Admin, Consumer, ConsumerConfig, PartitionAssigner } from "kafkajs";
import type { Logger } from "../log";
import type { AssignedPartition, PartitionHandlers, TopicPartition } from "./partition-consumer";
import { tpKey } from "./partition-consumer";

export interface AssignmentTracker {
  /** The assignment under way, if any: batches wait for it. */
  readonly pending: Promise<void> | null;
  /** Increases with every assignment (and resync). */
  readonly generation: number;
  /** Runs the assignment again for the current partitions. */
  resync(): void;
}

export function trackAssignments({
  consumer,
  admin,
  logger,
  handlers,
  onJoin,
  apply,
  onFailure,
}: {
  consumer: Consumer;
  admin: Admin;
  logger: Logger;
  handlers: PartitionHandlers;
  /** Called first on every join (the fast consumer pauses kafkajs' own fetching here). */
  onJoin?: () => void;
  /** The chosen starts, once the caller has taken the assignment (not for superseded ones). */
  apply: (starts: Array<TopicPartition & { offset: number }>) => void;
  /** The assignment failed: stop, then tell the caller. */
  onFailure: (err: unknown) => void;
}): AssignmentTracker {
  let pending: Promise<void> | null = null;
  let generation = 0;
  let last: TopicPartition[] = [];

  const assign = (assigned: TopicPartition[]) => {
    const gen = ++generation;
    last = assigned;
    pending = (async () => {
      const bounds = new Map<string, { low: number; high: number }>();
      for (const topic of new Set(assigned.map((a) => a.topic))) {
        for (const o of await admin.fetchTopicOffsets(topic)) {
          bounds.set(`${topic}/${o.partition}`, { low: Number(o.low), high: Number(o.high) });
        }
      }
      const withBounds: AssignedPartition[] = assigned.map((tp) => ({
        ...tp,
        low: 0,
        high: 0,
        ...bounds.get(tpKey(tp)),
      }));
      const positions = await handlers.onAssign(withBounds);
      if (gen !== generation) return;
      // Never start below what the log still holds: retention may have removed it.
      apply(withBounds.map((tp) => ({ ...tp, offset: Math.max(positions.get(tpKey(tp)) ?? 0, tp.low) })));
      logger.info("partitions assigned", { count: assigned.length, generation: gen });
    })().catch((err) => {
      logger.error("assignment failed; stopping", { error: String(err) });
      onFailure(err);
    });
  };

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    onJoin?.();
    assign(
      Object.entries(payload.memberAssignment).flatMap(([topic, parts]) =>
        (parts as number[]).map((partition) => ({ topic, partition })),
      ),
    );
  });

  return {
    get pending() {
      return pending;
    },
    get generation() {
      return generation;
    },
    resync: () => assign(last),
  };
}

/** Records progress in Kafka's group offsets (for lag monitoring; the caller's store is the truth). */
export async function commitGroupOffsets(
  consumer: Consumer,
  offsets: Array<TopicPartition & { offset: number }>,
): Promise<void> {
  if (offsets.length === 0) return;
  await consumer.commitOffsets(
    offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })),
  );
}

/** Defaults both partition consumers share. */
export const consumerDefaults = {
  maxBytesPerPartition: 1024 * 1024,
  maxBytes: 16 * 1024 * 1024,
  maxWaitMs: 100,
  sessionTimeout: 30_000,
} as const;

/** The kafkajs consumer settings of a group member (heartbeats a third of the session timeout). */
export function memberConfig({
  groupId,
  partitionAssigners,
  sessionTimeout = consumerDefaults.sessionTimeout,
  maxWaitMs = consumerDefaults.maxWaitMs,
}: {
  groupId: string;
  partitionAssigners?: PartitionAssigner[];
  sessionTimeout?: number;
  maxWaitMs?: number;
}): ConsumerConfig {
  return {
    groupId,
    ...(partitionAssigners ? { partitionAssigners } : {}),
    maxWaitTimeInMs: maxWaitMs,
    sessionTimeout,
    heartbeatInterval: Math.min(3000, Math.floor(sessionTimeout / 3)),
  };
}
