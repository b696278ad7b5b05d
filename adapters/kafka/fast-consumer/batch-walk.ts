/**
 * The batch headers of one partition's `records` field, walked in order: which batches hold
 * records for us (their regions, inflated where compressed), which are skipped and why, and
 * where the next fetch starts. Records are not looked at here (record-loop.ts reads them).
 *
 *   batch:  baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 |
 *           crc uint32 | attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 |
 *           maxTimestamp int64 | producerId int64 | producerEpoch int16 | baseSequence int32 |
 *           recordCount int32 | records
 */
import type { UnreadableBatch } from "../source-batch";
import { inflate } from "./inflate";
import { type Region, skipUnreadable } from "./regions";

/** Bytes of a v2 batch header, up to its records. */
const HEADER = 61;
const ATTR_CODEC = 0x07;
const ATTR_TRANSACTIONAL = 0x10;
const ATTR_CONTROL = 0x20;

/** An aborted transaction of the partition (read_committed): its producer and first offset. */
export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

const int64 = (b: Buffer, pos: number): number => b.readInt32BE(pos) * 4294967296 + b.readUInt32BE(pos + 4);

export interface Walked {
  /** Offset to fetch next: after the last complete batch (even when it held nothing for us). */
  nextOffset: number;
  /** Records in the regions. */
  total: number;
  /** Some region was inflated: the regions are in more than one buffer. */
  compressed: boolean;
}

/**
 * Walks `data[start, end)` from `fetchOffset` on, pushing the readable batches to `regions`
 * and the unreadable ones to `skipped`. `aborted` is the partition's aborted-transactions
 * list (read_committed), or null.
 */
export function walkBatches(
  data: Buffer,
  start: number,
  end: number,
  fetchOffset: number,
  aborted: AbortedTransaction[] | null,
  maxInflatedBytes: number,
  regions: Region[],
  skipped: UnreadableBatch[],
): Walked {
  let nextOffset = fetchOffset;
  let total = 0;
  let compressed = false;
  // Aborted transactions in offset order; a producer's batches are dropped from its first
  // offset until its abort marker (a control batch).
  const pendingAborts = aborted ? [...aborted].sort((a, b) => a.firstOffset - b.firstOffset) : [];
  const abortedProducers = new Set<number>();
  let pos = start;
  while (pos + HEADER <= end) {
    const batchLength = data.readInt32BE(pos + 8);
    const baseOffset = int64(data, pos);
    if (batchLength < HEADER - 12) {
      // Nothing after this can be found: skip to the batch's end as its header says, and stop.
      const delta = data.readInt32BE(pos + 23);
      const last = baseOffset + Math.max(0, delta);
      const reason = `corrupt record batch: length ${batchLength}`;
      skipUnreadable(skipped, fetchOffset, baseOffset, last, Math.max(1, delta + 1), reason);
      nextOffset = Math.max(nextOffset, last + 1);
      break;
    }
    const batchEnd = pos + 12 + batchLength;
    if (batchEnd > end) break; // cut off: the next fetch starts at this batch
    const magic = data[pos + 16]!;
    if (magic !== 2) {
      // Message sets v0/v1 share the offset and length fields: skip the whole set.
      const reason = `message format v${magic} (only v2 record batches are read)`;
      skipUnreadable(skipped, fetchOffset, baseOffset, baseOffset, 1, reason);
      nextOffset = Math.max(nextOffset, baseOffset + 1);
      pos = batchEnd;
      continue;
    }
    const attributes = data.readInt16BE(pos + 21);
    const lastOffset = baseOffset + data.readInt32BE(pos + 23);
    const producerId = int64(data, pos + 43);
    const count = data.readInt32BE(pos + 57);
    const baseTimestamp = int64(data, pos + 27);
    while (pendingAborts.length && pendingAborts[0]!.firstOffset <= lastOffset) {
      abortedProducers.add(pendingAborts.shift()!.producerId);
    }
    const control = (attributes & ATTR_CONTROL) !== 0;
    const abortedBatch = (attributes & ATTR_TRANSACTIONAL) !== 0 && abortedProducers.has(producerId);
    if (control) abortedProducers.delete(producerId);
    if (!control && !abortedBatch && lastOffset >= fetchOffset && count > 0) {
      const codec = attributes & ATTR_CODEC;
      if (codec === 0) {
        regions.push({
          buf: data,
          start: pos + HEADER,
          end: batchEnd,
          baseOffset,
          lastOffset,
          count,
          baseTimestamp,
        });
        total += count;
      } else {
        const inflated = inflate(codec, data.subarray(pos + HEADER, batchEnd), maxInflatedBytes);
        if (typeof inflated === "string")
          skipUnreadable(skipped, fetchOffset, baseOffset, lastOffset, count, inflated);
        else {
          regions.push({
            buf: inflated,
            start: 0,
            end: inflated.length,
            baseOffset,
            lastOffset,
            count,
            baseTimestamp,
          });
          compressed = true;
          total += count;
        }
      }
    }
    nextOffset = Math.max(nextOffset, lastOffset + 1);
    pos = batchEnd;
  }
  return { nextOffset, total, compressed };
}
