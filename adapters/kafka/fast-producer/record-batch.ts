/**
 * RecordBatch v2 (magic 2), uncompressed, as Kafka's DefaultRecordBatch lays it out, written
 * in place into a buffer the caller sized with {@link recordSize} and {@link BATCH_HEADER_BYTES}.
 *
 *   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 *   attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
 *   producerId int64 | producerEpoch int16 | baseSequence int32 | recordCount int32 | records
 *
 * A record: length varint | attributes int8 | timestampDelta varint | offsetDelta varint |
 * keyLength varint | key | valueLength varint | value | headerCount varint. Every record of a
 * batch carries the batch's timestamp (delta 0); no headers; not idempotent (producer id -1).
 */

import { varintSize, writeVarint } from "../wire/varint";
import { crc32c } from "./crc32c";

/** Bytes before the first record. */
export const BATCH_HEADER_BYTES = 61;
/** Where the CRC-32C'd part starts (attributes), relative to the batch start. */
const CRC_FROM = 21;

/** Bytes one record takes, its length prefix included. */
export function recordSize(offsetDelta: number, keyBytes: number, valueBytes: number): number {
  const body =
    3 + // attributes, timestampDelta 0, headerCount 0
    varintSize(offsetDelta) +
    varintSize(keyBytes) +
    keyBytes +
    varintSize(valueBytes) +
    valueBytes;
  return varintSize(body) + body;
}

/**
 * Writes one record at `pos` with the key `keys[k0, k1)` and the value `values[v0, v1)`;
 * returns the position after it.
 */
export function writeRecord(
  buf: Uint8Array,
  pos: number,
  offsetDelta: number,
  keys: Uint8Array,
  k0: number,
  k1: number,
  values: Uint8Array,
  v0: number,
  v1: number,
): number {
  const kl = k1 - k0;
  const vl = v1 - v0;
  const body = 3 + varintSize(offsetDelta) + varintSize(kl) + kl + varintSize(vl) + vl;
  pos = writeVarint(buf, pos, body);
  buf[pos++] = 0; // attributes
  buf[pos++] = 0; // timestampDelta
  pos = writeVarint(buf, pos, offsetDelta);
  pos = writeVarint(buf, pos, kl);
  buf.set(keys.subarray(k0, k1), pos);
  pos += kl;
  pos = writeVarint(buf, pos, vl);
  buf.set(values.subarray(v0, v1), pos);
  pos += vl;
  buf[pos++] = 0; // headerCount
  return pos;
}

/**
 * Writes the header of the batch at `start` whose `count` records end at `end`, all stamped
 * `timestampMs`, and its CRC-32C over attributes..end.
 */
export function writeBatchHeader(
  buf: Buffer,
  start: number,
  end: number,
  count: number,
  timestampMs: number,
): void {
  buf.writeBigInt64BE(0n, start); // baseOffset: the broker assigns offsets
  buf.writeInt32BE(end - start - 12, start + 8);
  buf.writeInt32BE(-1, start + 12); // partitionLeaderEpoch: set by the broker
  buf[start + 16] = 2; // magic
  buf.writeInt16BE(0, start + 21); // attributes: no compression, CreateTime, not transactional
  buf.writeInt32BE(count - 1, start + 23);
  const ts = BigInt(timestampMs);
  buf.writeBigInt64BE(ts, start + 27);
  buf.writeBigInt64BE(ts, start + 35);
  buf.writeBigInt64BE(-1n, start + 43); // producerId
  buf.writeInt16BE(-1, start + 51); // producerEpoch
  buf.writeInt32BE(-1, start + 53); // baseSequence
  buf.writeInt32BE(count, start + 57);
  buf.writeUInt32BE(crc32c(buf, start + CRC_FROM, end), start + 17);
}
