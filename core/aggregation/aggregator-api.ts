/** What the aggregation core offers its worker: counting, frames, deltas and restore positions. */
import type { CapacityTable } from "../capacity/capacity-table";
import type { LaunchEvent } from "../events/decode";
import type { Frame, ShopLoad } from "../frames/frame";
import type { PartitionDelta } from "./deltas";
import type { Counters } from "./series";

export type IngestResult = "counted" | "duplicate" | "late" | { rejected: string };

export interface PartitionInfo {
  watermark: number | null;
  /** Smallest offset whose event is still inside the longest window (null: none seen). */
  restoreOffset: number | null;
  counters: Counters;
}

export interface Aggregator {
  /** Registers a partition with the counters persisted for it so far. */
  addPartition(partition: number, counters?: Counters, caughtUp?: boolean): void;
  /** Whether the partition has been read up to its log end. */
  setCaughtUp(partition: number, caughtUp: boolean): void;
  /**
   * Counts one decoded event. `persist` is false while restoring windows from events whose
   * aggregates are already stored: windows change, deltas and counters do not.
   */
  ingest(partition: number, offset: number, event: LaunchEvent, persist: boolean): IngestResult;
  /** Counts a message that could not be decoded. */
  invalid(partition: number, persist: boolean): void;
  /** Counts the records of a batch the consumer could not read (dead-lettered as a marker). */
  unreadable(partition: number, records: number, persist: boolean): void;
  /**
   * Closes what the watermarks allow (but no second at or after `limitEnd`, epoch seconds, when
   * given) and returns this worker's frame.
   */
  frame(limitEnd?: number): Frame;
  /** The first second the watermarks allow to close now (null before any event). */
  closableEnd(): number | null;
  /** The first second not closed yet (null before any event). */
  openFrom(): number | null;
  takeDeltas(partitions?: Iterable<number>): Map<number, PartitionDelta>;
  partitionInfo(partition: number): PartitionInfo;
  /** Every shop over capacity x `factor` as of the last frame (for alert rules). */
  shopsOver(factor: number): ShopLoad[];
  /** Shops some viewer is looking at; they are added to frames whatever their load. */
  watch(shopIds: Iterable<number>): void;
  setCapacity(table: CapacityTable): void;
}
