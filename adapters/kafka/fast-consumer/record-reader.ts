/**
 * Reads the RecordBatch v2 stream of one partition in a Fetch response into a
 * {@link SourceBatch}: message offsets, and where each key and value sits in the response's own
 * bytes (nothing copied, nothing allocated per message). In three steps: the batch headers
 * (batch-walk.ts), decompression (inflate.ts), the record loop (record-loop.ts).
 *
 * As Kafka's own consumer does: records before the fetch offset are skipped (a fetch returns whole
 * batches), a batch cut off at the end of the response is left for the next fetch, control
 * batches (transaction markers) are skipped, and under read_committed the batches of aborted
 * transactions are dropped. Compressed batches (gzip, snappy, lz4, zstd: ../codecs) are inflated,
 * up to `maxInflatedBytes`.
 *
 * A batch that cannot be read (a codec not read here, an old message format, a corrupt batch
 * or record length, a batch inflating past the limit) is skipped and reported in `unreadable`
 * with its offset range and the reason; the records around it are read as usual. A corrupt batch
 * length leaves nothing after it to find, so reading stops there and the next fetch starts after
 * the batch's last offset as its header gives it. The CRC is not checked (TCP and the broker's
 * own checks cover the path; kafkajs does not check it either).
 */
import { defaultMaxDecompressedBytes } from "../codecs";
import type { SourceBatch, UnreadableBatch } from "../source-batch";
import { type AbortedTransaction, walkBatches } from "./batch-walk";
import { joinRegions } from "./inflate";
import { readColumns } from "./record-loop";
import type { Region } from "./regions";

export type { AbortedTransaction } from "./batch-walk";

export interface ReadResult {
  batch: SourceBatch | null;
  /** Offset to fetch next: after the last complete batch read (even when it held nothing for us). */
  nextOffset: number;
  /** Batches skipped as unreadable, in offset order (null: none). */
  unreadable: UnreadableBatch[] | null;
}

/**
 * Reads `data[start, end)` (a partition's `records` field) from `fetchOffset` on.
 * `aborted` is the partition's aborted-transactions list (read_committed), or null.
 */
export function readRecords(
  data: Buffer,
  start: number,
  end: number,
  fetchOffset: number,
  aborted: AbortedTransaction[] | null,
  maxInflatedBytes = defaultMaxDecompressedBytes,
): ReadResult {
  const regions: Region[] = [];
  const skipped: UnreadableBatch[] = [];
  const { nextOffset, total, compressed } = walkBatches(
    data,
    start,
    end,
    fetchOffset,
    aborted,
    maxInflatedBytes,
    regions,
    skipped,
  );
  if (total === 0) return { batch: null, nextOffset, unreadable: skipped.length ? skipped : null };
  // One buffer for the batch: the response itself, or (with inflated batches) the regions joined.
  const buf = compressed ? joinRegions(regions) : data;
  const batch = readColumns(buf, regions, total, fetchOffset, skipped);
  // A malformed record is found only now, after the batches behind it were judged: keep offset order.
  if (skipped.length > 1) skipped.sort((a, b) => a.firstOffset - b.firstOffset);
  return { batch, nextOffset, unreadable: skipped.length ? skipped : null };
}
