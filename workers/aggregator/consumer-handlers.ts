/**
 * What an aggregation worker does with what its partition consumer hands it: assignments
 * (each partition from its stored position, counted by a new aggregator), batches (counted, or
 * held back behind a partition far ahead), unreadable batches, and the flush cadence with its
 * backpressure.
 */
import type { AssignedPartition, TopicPartition } from "../../adapters/kafka/partition-consumer";
import { tpKey } from "../../adapters/kafka/partition-consumer";
import type { SourceBatch, UnreadableBatch } from "../../adapters/kafka/source-batch";
import { type Aggregator, createAggregator } from "../../core/aggregation/aggregator";
import type { CapacityTable } from "../../core/capacity/capacity-table";
import { describeError, LaunchwatchError } from "../../core/errors";
import type { WorkerOptions } from "./worker-options";
import type { WorkerParts } from "./worker-parts";
import type { PartitionState } from "./worker-state";

export function createConsumerHandlers(
  opts: WorkerOptions,
  parts: WorkerParts,
  capacity: () => CapacityTable | null,
) {
  const { store, groupId, workerId, logger, clock = Date.now, flushIntervalMs = 1000 } = opts;
  const { state, control, holdBack, counter, ledger, frames, shopAlerts, typeOf } = parts;
  const { stats } = state;
  const stepped = Boolean(opts.replay?.stepSeconds);
  const ids = new Map<string, number>();

  const newAggregator = (table: CapacityTable): Aggregator =>
    createAggregator({
      source: workerId,
      capacity: table,
      clock,
      graceMs: opts.graceMs,
      idleMs: opts.idleMs,
      dedupHorizonMs: opts.dedupHorizonMs,
      streamTime: opts.streamTime,
      topK: opts.topK,
    });

  const assign = async (assigned: AssignedPartition[]) => {
    const table = capacity();
    if (!table) throw new LaunchwatchError("capacity table not loaded");
    const agg = newAggregator(table);
    const stored = await store.loadPartitions(groupId, assigned);
    const next = new Map<string, PartitionState>();
    const positions = new Map<string, number>();
    const highs = new Map(assigned.map((a) => [tpKey(a), a.high]));
    for (const s of stored) {
      const key = tpKey(s);
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      next.set(key, {
        topic: s.topic,
        partition: s.partition,
        id,
        type: typeOf.get(s.topic)!,
        decoder: opts.sources?.get(s.topic) ?? null,
        persistedFrom: s.nextOffset,
        snapshotNext: s.nextOffset,
        pendingNext: s.nextOffset,
        newest: null,
      });
      const from = Math.min(s.restoreOffset, s.nextOffset);
      agg.addPartition(id, s.counters, from >= (highs.get(key) ?? 0));
      positions.set(key, from);
    }
    state.partitions = next;
    state.aggregator = agg;
    holdBack.clear();
    state.fencedKeys.clear();
    // Shops that moved to another worker are evaluated there; starting afresh here sends no
    // false "resolved" for them (the notifier resolves what nobody re-sends).
    shopAlerts.reset();
    stats.assigned = next.size;
    return positions;
  };

  return {
    onUnreadable(tp: TopicPartition, u: UnreadableBatch) {
      const p = state.partitions.get(tpKey(tp));
      const agg = state.aggregator;
      if (!p || !agg || control.stopping) return;
      counter.unreadable(p, agg, u);
    },

    onFatal(err: unknown) {
      logger.error("worker stopped", { error: describeError(err) });
      opts.onFatal?.(err);
    },

    async onAssign(assigned: AssignedPartition[]) {
      await ledger
        .flush()
        .catch((err) => logger.warn("flush before rebalance failed", { error: describeError(err) }));
      return assign(assigned);
    },

    held: (tp: TopicPartition) => holdBack.isHeld(tpKey(tp)),

    async onBatch(tp: TopicPartition, batch: SourceBatch, caughtUp: boolean) {
      const key = tpKey(tp);
      const p = state.partitions.get(key);
      const agg = state.aggregator;
      if (!p || !agg || control.stopping) return;
      if (holdBack.isHeld(key)) holdBack.hold(key, { batch, from: 0, caughtUp });
      else {
        const stopped = counter.count(p, agg, batch, 0);
        if (stopped === null) agg.setCaughtUp(p.id, caughtUp);
        else holdBack.hold(key, { batch, from: stopped, caughtUp });
      }
      counter.releaseHeld(agg);
      if (stepped && holdBack.keys().length > 0) void frames.publish();
      stats.consumed += batch.count;
      if (clock() - ledger.lastFlush() >= flushIntervalMs) {
        const done = ledger.flush();
        // Writes overlap with consuming, but at most two may queue up: then wait (backpressure).
        if (ledger.inFlight() > 2) {
          const t0 = clock();
          await done;
          stats.flushWaitMs += clock() - t0;
        }
      }
    },
  };
}
