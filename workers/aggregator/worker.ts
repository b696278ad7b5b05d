/**
 * The aggregation worker: wires a partition consumer, the pure aggregator, the Postgres store
 * and a producer (frames, dead letters). It only coordinates: the counting rules live in
 * core/aggregation, and each job has its part here: batch-counter (decoding, dead letters,
 * hold-back), partition-ledger (flushes with fencing and retries), frame-publisher (frames and
 * snapshots), shop-alerts (rules and their outbox), worker-timers; worker-parts builds them and
 * consumer-handlers feeds them what the consumer fetches.
 *
 * Effectively-once: a partition's aggregates and its next offset are written in one
 * transaction (see AggregateStore.flush). After a restart or rebalance the worker starts each
 * partition at its stored restore offset: events before the stored next offset rebuild the
 * in-memory windows only, events after it are counted and persisted.
 */
import type { CapacityTable } from "../../core/capacity/capacity-table";
import { describeError, LaunchwatchError } from "../../core/errors";
import { createConsumerHandlers } from "./consumer-handlers";
import { startPipelineHealth } from "./pipeline-health";
import type { AggregatorWorker, WorkerOptions } from "./worker-options";
import { createWorkerParts } from "./worker-parts";
import { startWorkerTimers } from "./worker-timers";

export type { ReplayRun } from "./replay-run";
export type { AggregatorWorker, WorkerOptions } from "./worker-options";
export type { WorkerStats } from "./worker-state";

export function createAggregatorWorker(opts: WorkerOptions): AggregatorWorker {
  const {
    kafka,
    store,
    groupId,
    stream = "live",
    workerId,
    logger,
    clock = Date.now,
    frameIntervalMs = 1000,
    flushIntervalMs = 1000,
    snapshotRetentionHours = 48,
    snapshots = true,
    capacityRefreshMs = 30_000,
  } = opts;
  const transform = opts.replay?.transformCapacity ?? ((t: CapacityTable) => t);
  const parts = createWorkerParts(opts);
  const { consumer, producer, control, state, extraFields, shopAlerts, frames, ledger, typeOf } = parts;
  let capacity: CapacityTable | null = null;
  let stopTimers = () => {};
  const handlers = createConsumerHandlers(opts, parts, () => capacity);

  const startTimers = () =>
    startWorkerTimers({
      frameIntervalMs,
      flushIntervalMs,
      rulesRefreshMs: opts.rulesRefreshMs ?? 30_000,
      capacityRefreshMs,
      snapshotPruneIntervalMs: snapshots ? (opts.snapshotPruneIntervalMs ?? 10 * 60_000) : null,
      publishFrame: () => void frames.publish(),
      flushIfDue: async () => {
        if (clock() - ledger.lastFlush() >= flushIntervalMs) await ledger.flush();
      },
      reloadRules: () => shopAlerts.reloadRules(),
      refreshCapacity: async () => {
        const table = transform(await store.loadCapacity());
        if (capacity && table.size === capacity.size) {
          capacity = table;
          state.aggregator?.setCapacity(table);
        }
      },
      pruneSnapshots: async () => {
        // Retention is in event time: a replayed launch from months ago is not "old".
        const latest = frames.latestWatermark();
        if (latest === 0) return;
        await store.pruneSnapshots(stream, Math.floor(latest / 1000) - snapshotRetentionHours * 3600);
      },
      logger,
    });

  return {
    async start() {
      capacity = transform(await store.loadCapacity());
      if (capacity.size === 0) {
        throw new LaunchwatchError("No shops in the database: seed the reference data first (npm run seed).");
      }
      await producer.connect();
      if (opts.publishFrames !== false)
        control.health = await startPipelineHealth({ kafka, topics: [...typeOf.keys()], logger, clock });
      await shopAlerts.reloadRules();
      control.running = true;
      stopTimers = startTimers();
      await consumer.run(handlers);
      logger.info("worker started", { workerId, groupId, shops: capacity.size });
    },

    async stop() {
      if (!control.running) return;
      control.running = false;
      // Flush while still a group member, so no other worker takes a partition over before its
      // last aggregates are stored; then leave.
      control.stopping = true;
      stopTimers();
      await ledger.flush().catch((err) => logger.error("final flush failed", { error: describeError(err) }));
      // Let a frame loop under way finish, then close what remains in one last frame.
      await frames.done();
      await frames.publish();
      await consumer.stop();
      await producer.disconnect().catch(() => {});
      await control.health?.stop();
    },

    stats: () => ({ ...state.stats, extraFields: extraFields.entries() }),
    pipeline: () => frames.pipeline(),

    watch(shopIds) {
      control.watched = [...shopIds];
    },
  };
}
