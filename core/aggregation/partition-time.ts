/**
 * Each partition's event time as the aggregator tracks it: its watermark, whether it still holds
 * windows open, the smallest offset per event second (where a restart re-reads from), and the
 * horizon all partitions together allow to close.
 */
import { type Counters, zeroCounters } from "./series";
import { type JumpWatch, newJumpWatch } from "./stream-time-guard";

export interface PartitionState {
  watermark: number | null;
  lastSeen: number;
  caughtUp: boolean;
  counters: Counters;
  /** event second -> smallest offset seen for it (for the restore position) */
  offsetAtSecond: Map<number, number>;
  /** The last second written to `offsetAtSecond` and its offset there (NaN: none). */
  lastSecond: number;
  lastSecondOffset: number;
  jump: JumpWatch;
}

export function newPartitionState(now: number): PartitionState {
  return {
    watermark: null,
    lastSeen: now,
    caughtUp: true,
    counters: zeroCounters(),
    offsetAtSecond: new Map(),
    lastSecond: Number.NaN,
    lastSecondOffset: 0,
    jump: newJumpWatch(),
  };
}

/** Notes that `offset` holds an event of second `sec`. */
export function noteOffset(s: PartitionState, sec: number, offset: number): void {
  // Offsets mostly grow within a second: the last second's entry answers without the map.
  if (sec === s.lastSecond) {
    if (offset < s.lastSecondOffset) {
      s.offsetAtSecond.set(sec, offset);
      s.lastSecondOffset = offset;
    }
    return;
  }
  const prev = s.offsetAtSecond.get(sec);
  const min = prev === undefined || offset < prev ? offset : prev;
  if (min !== prev) s.offsetAtSecond.set(sec, min);
  s.lastSecond = sec;
  s.lastSecondOffset = min;
}

/** Forgets the offsets of seconds the rings no longer hold (`slots` behind the watermark). */
export function forgetOffsets(s: PartitionState, slots: number): void {
  if (s.watermark === null) return;
  const keep = Math.floor(s.watermark / 1000) - slots;
  for (const sec of s.offsetAtSecond.keys()) if (sec < keep) s.offsetAtSecond.delete(sec);
  if (s.lastSecond < keep) s.lastSecond = Number.NaN;
}

/** Smallest offset of an event still inside a window of `longest` seconds (null: none seen). */
export function restoreOffset(s: PartitionState, graceMs: number, longest: number): number | null {
  if (s.watermark === null) return null;
  let restore: number | null = null;
  const from = Math.floor((s.watermark - graceMs) / 1000) - longest;
  for (const [sec, off] of s.offsetAtSecond)
    if (sec >= from && (restore === null || off < restore)) restore = off;
  return restore;
}

/**
 * The first second the partitions allow to close (exclusive end, epoch seconds), or null while a
 * partition that holds windows open has not shown its event time.
 */
export function closableHorizon(
  partitions: Iterable<PartitionState>,
  { now, idleMs, graceMs }: { now: number; idleMs: number; graceMs: number },
): number | null {
  let minActive = Number.POSITIVE_INFINITY;
  let maxAll = Number.NEGATIVE_INFINITY;
  let waiting = false;
  for (const s of partitions) {
    if (s.watermark !== null) maxAll = Math.max(maxAll, s.watermark);
    // Caught up and quiet, or caught up with nothing at all (an empty partition holds no
    // older events, and waiting idleMs for it stalled every assignment: Kafka Streams'
    // max.task.idle.ms defaults to 0 too).
    if (s.caughtUp && (s.watermark === null || now - s.lastSeen >= idleMs)) continue;
    if (s.watermark === null) waiting = true;
    else minActive = Math.min(minActive, s.watermark);
  }
  // A partition that has not shown its event time yet may still hold older events.
  if (waiting) return null;
  if (maxAll === Number.NEGATIVE_INFINITY) return null;
  // All idle: the stream has paused, close everything seen.
  if (minActive === Number.POSITIVE_INFINITY) return Math.floor(maxAll / 1000) + 1;
  return Math.floor((minActive - graceMs) / 1000);
}

/** The partitions' states, made on first use; by number as well for the per-event lookup. */
export interface PartitionBook {
  state(p: number): PartitionState;
  readonly all: Map<number, PartitionState>;
}

export function createPartitionBook(clock: () => number): PartitionBook {
  const all = new Map<number, PartitionState>();
  // Partitions are small integers: an array answers the per-event lookup without hashing.
  const byNumber: Array<PartitionState | undefined> = [];
  return {
    state(p) {
      const dense = p >>> 0 === p && p < 4096;
      let s = dense ? byNumber[p] : all.get(p);
      if (!s) {
        s = newPartitionState(clock());
        all.set(p, s);
        if (dense) byNumber[p] = s;
      }
      return s;
    },
    all,
  };
}
