/**
 * The periodic jobs of an aggregation worker: frame ticks, flushes, rule and capacity reloads,
 * and snapshot pruning. Each job is a function of the worker's; this file only says how often.
 * Timers are unref'd: they never keep a process alive on their own.
 */
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";

export interface WorkerTimersOptions {
  frameIntervalMs: number;
  flushIntervalMs: number;
  rulesRefreshMs: number;
  capacityRefreshMs: number;
  /** null: no snapshots are kept, so none are pruned. */
  snapshotPruneIntervalMs: number | null;
  publishFrame(): void;
  /** Flushes when the last flush is older than the flush interval. */
  flushIfDue(): Promise<void>;
  reloadRules(): Promise<void>;
  refreshCapacity(): Promise<void>;
  pruneSnapshots(): Promise<void>;
  logger: Logger;
}

/** Starts the timers; returns the function that stops them. */
export function startWorkerTimers(opts: WorkerTimersOptions): () => void {
  const { logger } = opts;
  const warn = (what: string) => (err: unknown) => logger.warn(what, { error: describeError(err) });
  const timers = [
    setInterval(() => opts.publishFrame(), opts.frameIntervalMs),
    setInterval(
      () =>
        void opts.flushIfDue().catch((err) => logger.error("flush failed", { error: describeError(err) })),
      opts.flushIntervalMs,
    ),
    setInterval(() => void opts.reloadRules().catch(warn("rule reload failed")), opts.rulesRefreshMs),
    setInterval(
      () => void opts.refreshCapacity().catch(warn("capacity refresh failed")),
      opts.capacityRefreshMs,
    ),
  ];
  if (opts.snapshotPruneIntervalMs !== null) {
    timers.push(
      setInterval(
        () => void opts.pruneSnapshots().catch(warn("snapshot prune failed")),
        opts.snapshotPruneIntervalMs,
      ),
    );
  }
  for (const t of timers) t.unref();
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
