/**
 * What the fast consumer's two halves share: the group membership (membership.ts) sets the
 * assignment and the rebalancing flag, the fetch loop (fetch-loop.ts) reads them each round and
 * moves the positions. One object, mutated in place, so both see the other's changes.
 */
import type { AssignmentTracker } from "../group-assignment";
import type { TopicPartition } from "../partition-consumer";

export interface ConsumerState {
  /** Next offset to hand out, per partition of the current assignment. */
  readonly next: Map<string, number>;
  /** Next offset to fetch (ahead of `next` while a prefetched round waits). */
  readonly fetchPos: Map<string, number>;
  owned: TopicPartition[];
  tracker: AssignmentTracker | null;
  /** The generation whose starts `next`, `fetchPos` and `owned` hold. */
  appliedGen: number;
  running: boolean;
  /**
   * kafkajs found the group rebalancing (a heartbeat said so) and is re-joining: batches of the
   * old assignment stop here until the new one is taken, rather than being counted and then
   * fenced off by the member the partition moved to.
   */
  rebalancing: boolean;
  /** The caller's hold-back (PartitionHandlers.held): held partitions are left out of fetches. */
  held: (tp: TopicPartition) => boolean;
}

export function createConsumerState(): ConsumerState {
  return {
    next: new Map(),
    fetchPos: new Map(),
    owned: [],
    tracker: null,
    appliedGen: 0,
    running: false,
    rebalancing: false,
    held: () => false,
  };
}

/** The newest assignment's generation (0 before the first). */
export const generationOf = (s: ConsumerState): number => s.tracker?.generation ?? 0;
