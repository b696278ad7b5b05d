/**
 * One send's records as one RecordBatch per partition, in two straight passes over the
 * columns: first each partition's record count and batch size (so the request buffer can be laid
 * out at its final size), then each record written into its partition's place in that buffer.
 */
import type { PartitionEntry } from "./produce-request";
import { BATCH_HEADER_BYTES, recordSize, writeBatchHeader, writeRecord } from "./record-batch";
import type { RecordColumns } from "./record-columns";

/** One partition's records in one send. */
export interface Group extends PartitionEntry {
  topicIndex: number;
  count: number;
  written: number;
  cursor: number;
  buf: Buffer | null;
  /** The encoded batch, kept for resends. */
  bytes: Uint8Array | null;
  /** Error code of the last attempt, 0 when acknowledged. */
  error: number;
  cause: unknown;
}

/** Pass 1: the partitions of `r`'s records with their counts and batch sizes; `groupOf[i]` is record i's. */
export function groupRecords(
  r: RecordColumns,
  topics: readonly string[],
): { groups: Group[]; groupOf: Int32Array } {
  const n = r.count;
  const bySlot = new Map<number, number>();
  const groups: Group[] = [];
  const groupOf = new Int32Array(n);
  const ko = r.keyOffsets;
  const vo = r.valueOffsets;
  for (let i = 0; i < n; i++) {
    const t = r.topic[i]!;
    const p = r.partition[i]!;
    const slot = t * 0x200000 + p;
    let gi = bySlot.get(slot);
    if (gi === undefined) {
      const topic = topics[t];
      if (topic === undefined) throw new RangeError(`record ${i}: no topic at index ${t}`);
      gi = groups.length;
      bySlot.set(slot, gi);
      groups.push({
        topic,
        partition: p,
        topicIndex: t,
        batchBytes: BATCH_HEADER_BYTES,
        batchStart: 0,
        count: 0,
        written: 0,
        cursor: 0,
        buf: null,
        bytes: null,
        error: 0,
        cause: undefined,
      });
    }
    const g = groups[gi]!;
    g.batchBytes += recordSize(g.count, ko[i + 1]! - ko[i]!, vo[i + 1]! - vo[i]!);
    g.count++;
    groupOf[i] = gi;
  }
  return { groups, groupOf };
}

/**
 * Pass 2, once the requests are laid out (each group has its `buf` and `batchStart`): the
 * records straight into their partition's place, then each batch's header stamped `now()`.
 */
export function writeBatches(
  r: RecordColumns,
  groups: Group[],
  groupOf: Int32Array,
  now: () => number,
): void {
  const n = r.count;
  const ko = r.keyOffsets;
  const vo = r.valueOffsets;
  for (const g of groups) g.cursor = g.batchStart + BATCH_HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    const g = groups[groupOf[i]!]!;
    g.cursor = writeRecord(
      g.buf!,
      g.cursor,
      g.written++,
      r.keys,
      ko[i]!,
      ko[i + 1]!,
      r.values,
      vo[i]!,
      vo[i + 1]!,
    );
  }
  const ts = now();
  for (const g of groups) {
    const end = g.batchStart + g.batchBytes;
    if (g.cursor !== end)
      throw new Error(
        `batch of ${g.topic}[${g.partition}]: wrote ${g.cursor - g.batchStart} of ${g.batchBytes} bytes`,
      );
    writeBatchHeader(g.buf!, g.batchStart, end, g.count, ts);
    g.bytes = g.buf!.subarray(g.batchStart, end);
  }
}
