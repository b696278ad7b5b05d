/**
 * What a replay's re-aggregation (workers/replay/worker-main.ts) sets on an aggregation worker,
 * beside the options every worker has: live workers leave it out.
 */
import type { CapacityTable } from "../../core/capacity/capacity-table";

export interface ReplayRun {
  /**
   * One frame per this many event-time seconds instead of one per tick: a frame for every step
   * of the launch, however fast it is re-read.
   */
  stepSeconds: number;
  /** Only events with event time in [from, to) count (the replayed time range). */
  eventRange?: { from: number; to: number };
  /** What-if: changes the capacity table after every load. */
  transformCapacity?: (table: CapacityTable) => CapacityTable;
}
