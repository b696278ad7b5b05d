/**
 * Reads the RecordBatch v2 stream of one partition in a Fetch response into a
 * {@link SourceBatch}: message offsets, and where each key and value sits in the response's own
 * bytes (nothing copied, nothing allocated per message).
 *
 *   batch:  baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 |
 *           crc uint32 | attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 |
 *           maxTimestamp int64 | producerId int64 | producerEpoch int16 | baseSequence int32 |
 *           recordCount int32 | records
 *   record: length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
 *           keyLength varint | key | valueLength varint | value | headers
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
import { describeError } from "../../../core/errors";
import { decompress, defaultMaxDecompressedBytes } from "../codecs";
import type { SourceBatch, UnreadableBatch } from "../source-batch";
import { readVarint, varintEnd } from "../wire/varint";

const HEADER = 61;
const ATTR_CODEC = 0x07;
const ATTR_TRANSACTIONAL = 0x10;
const ATTR_CONTROL = 0x20;

export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

export interface ReadResult {
  batch: SourceBatch | null;
  /** Offset to fetch next: after the last complete batch read (even when it held nothing for us). */
  nextOffset: number;
  /** Batches skipped as unreadable, in offset order (null: none). */
  unreadable: UnreadableBatch[] | null;
}

/** Inflates a compressed batch's records, or returns why it cannot. */
function inflate(codec: number, input: Buffer, maxBytes: number): Buffer | string {
  try {
    return decompress(codec, input, maxBytes);
  } catch (err) {
    return describeError(err);
  }
}

const int64 = (b: Buffer, pos: number): number => b.readInt32BE(pos) * 4294967296 + b.readUInt32BE(pos + 4);

/** Read cursor of the record loop (module-level: the hot loop allocates nothing for it). */
let at = 0;

/** Reads the zig-zag varint at `at` and moves past it. */
function varint(buf: Buffer): number {
  const v = readVarint(buf, at);
  at = varintEnd;
  return v;
}

interface Region {
  buf: Buffer;
  start: number;
  end: number;
  baseOffset: number;
  lastOffset: number;
  count: number;
  /** The batch's first timestamp: a record's is this plus its timestampDelta. */
  baseTimestamp: number;
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
  const skip = (firstOffset: number, lastOffset: number, records: number, reason: string) => {
    if (lastOffset < fetchOffset) return;
    skipped.push({
      firstOffset: Math.max(firstOffset, fetchOffset),
      lastOffset,
      records,
      reason,
    });
  };
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
      skip(baseOffset, last, Math.max(1, delta + 1), `corrupt record batch: length ${batchLength}`);
      nextOffset = Math.max(nextOffset, last + 1);
      break;
    }
    const batchEnd = pos + 12 + batchLength;
    if (batchEnd > end) break; // cut off: the next fetch starts at this batch
    const magic = data[pos + 16]!;
    if (magic !== 2) {
      // Message sets v0/v1 share the offset and length fields: skip the whole set.
      skip(baseOffset, baseOffset, 1, `message format v${magic} (only v2 record batches are read)`);
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
        if (typeof inflated === "string") skip(baseOffset, lastOffset, count, inflated);
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
  if (total === 0) return { batch: null, nextOffset, unreadable: skipped.length ? skipped : null };

  // One buffer for the batch: the response itself, or (with inflated batches) the regions joined.
  let buf = data;
  if (compressed) {
    buf = Buffer.concat(regions.map((r) => r.buf.subarray(r.start, r.end)));
    let at = 0;
    for (const r of regions) {
      const len = r.end - r.start;
      r.buf = buf;
      r.start = at;
      r.end = at + len;
      at += len;
    }
  }
  const offsets = new Float64Array(total);
  const keyStart = new Int32Array(total);
  const keyEnd = new Int32Array(total);
  const valueStart = new Int32Array(total);
  const valueEnd = new Int32Array(total);
  const timestamps = new Float64Array(total);
  const headerStart = new Int32Array(total);
  const headerEnd = new Int32Array(total);
  let n = 0;
  for (const r of regions) {
    at = r.start;
    let prevOffset = r.baseOffset - 1;
    for (let k = 0; k < r.count && at < r.end; k++) {
      const length = varint(buf);
      const recordEnd = at + length;
      at++; // attributes
      // timestampDelta, a zig-zag varlong (arithmetic, not bit operations: it may pass 32 bits).
      let z = 0;
      let mul = 1;
      let c: number;
      do {
        c = buf[at++]!;
        z += (c & 0x7f) * mul;
        mul *= 128;
      } while (c & 0x80);
      const timestamp = r.baseTimestamp + (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
      const offset = r.baseOffset + varint(buf);
      const keyLen = varint(buf);
      const ks = at;
      if (keyLen > 0) at += keyLen;
      const valueLen = varint(buf);
      if (length < 0 || recordEnd > r.end || at + Math.max(0, valueLen) > recordEnd) {
        // The rest of this batch cannot be located: skip it, keep what came before.
        skip(prevOffset + 1, r.lastOffset, r.count - k, "malformed record: lengths run past its batch");
        break;
      }
      prevOffset = offset;
      if (offset >= fetchOffset) {
        offsets[n] = offset;
        if (keyLen < 0) keyStart[n] = keyEnd[n] = -1;
        else {
          keyStart[n] = ks;
          keyEnd[n] = ks + keyLen;
        }
        if (valueLen < 0) valueStart[n] = valueEnd[n] = -1;
        else {
          valueStart[n] = at;
          valueEnd[n] = at + valueLen;
        }
        timestamps[n] = timestamp;
        headerStart[n] = at + Math.max(0, valueLen);
        headerEnd[n] = recordEnd;
        n++;
      }
      at = recordEnd; // headers: located above, read only by a source mapping that asks
    }
  }
  // A malformed record is found only now, after the batches behind it were judged: keep offset order.
  if (skipped.length > 1) skipped.sort((a, b) => a.firstOffset - b.firstOffset);
  const unreadable = skipped.length ? skipped : null;
  if (n === 0) return { batch: null, nextOffset, unreadable };
  const cut = n < total;
  return {
    batch: {
      count: n,
      offsets: cut ? offsets.subarray(0, n) : offsets,
      data: buf,
      keyStart: cut ? keyStart.subarray(0, n) : keyStart,
      keyEnd: cut ? keyEnd.subarray(0, n) : keyEnd,
      valueStart: cut ? valueStart.subarray(0, n) : valueStart,
      valueEnd: cut ? valueEnd.subarray(0, n) : valueEnd,
      timestamps: cut ? timestamps.subarray(0, n) : timestamps,
      headerStart: cut ? headerStart.subarray(0, n) : headerStart,
      headerEnd: cut ? headerEnd.subarray(0, n) : headerEnd,
    },
    nextOffset,
    unreadable,
  };
}
