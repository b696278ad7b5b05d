/**
 * What the batch walk (batch-walk.ts) hands the record loop (record-loop.ts): where each
 * readable batch's records sit, and the batches (or batch tails) skipped as unreadable.
 */
import type { UnreadableBatch } from "../source-batch";

/** One record batch's records: `buf[start, end)`, in the response or inflated from it. */
export interface Region {
  buf: Buffer;
  start: number;
  end: number;
  baseOffset: number;
  lastOffset: number;
  count: number;
  /** The batch's first timestamp: a record's is this plus its timestampDelta. */
  baseTimestamp: number;
}

/** Notes offsets `[firstOffset, lastOffset]` as unreadable, as far as they are at or past `fetchOffset`. */
export function skipUnreadable(
  skipped: UnreadableBatch[],
  fetchOffset: number,
  firstOffset: number,
  lastOffset: number,
  records: number,
  reason: string,
): void {
  if (lastOffset < fetchOffset) return;
  skipped.push({
    firstOffset: Math.max(firstOffset, fetchOffset),
    lastOffset,
    records,
    reason,
  });
}
