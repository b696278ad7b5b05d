/**
 * Batches of partitions that are held back (core/pipeline/alignment.ts): kept in order, with
 * the index of the first message not yet counted, until the other partitions catch up. The
 * consumer is told not to fetch a held partition, so at most the round already fetched waits
 * here. Nothing held is persisted: the stored position of a partition stays at the last message
 * counted, so a restart or rebalance reads held messages again.
 */
import type { SourceBatch } from "../../adapters/kafka/source-batch";

export interface HeldBatch {
  batch: SourceBatch;
  /** Index of the first message not counted yet. */
  from: number;
  caughtUp: boolean;
}

export interface HoldBack {
  isHeld(key: string): boolean;
  /** Queues the rest of a batch (from message `from` on) behind what the partition already holds. */
  hold(key: string, held: HeldBatch): void;
  /**
   * Hands the partition's held batches to `count`, which returns the index it stopped at (null:
   * all counted), until it stops again or nothing is held; returns the `caughtUp` of the last
   * batch counted to the end when the partition is no longer held, else null.
   */
  release(key: string, count: (held: HeldBatch) => number | null): boolean | null;
  keys(): string[];
  /** Messages held for the partition (not yet counted). */
  messages(key: string): number;
  clear(): void;
}

export function createHoldBack(): HoldBack {
  const queues = new Map<string, HeldBatch[]>();
  return {
    isHeld: (key) => queues.has(key),
    hold(key, held) {
      const q = queues.get(key);
      if (q) q.push(held);
      else queues.set(key, [held]);
    },
    release(key, count) {
      const q = queues.get(key);
      if (!q) return null;
      while (q.length > 0) {
        const head = q[0]!;
        const stopped = count(head);
        if (stopped !== null) {
          head.from = stopped;
          return null;
        }
        q.shift();
        if (q.length === 0) {
          queues.delete(key);
          return head.caughtUp;
        }
      }
      queues.delete(key);
      return null;
    },
    keys: () => [...queues.keys()],
    messages(key) {
      let n = 0;
      for (const h of queues.get(key) ?? []) n += h.batch.count - h.from;
      return n;
    },
    clear: () => queues.clear(),
  };
}
