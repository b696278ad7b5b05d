/**
 * The record loop of the reader: every record of the regions into columns, offsets and where
 * each key, value and headers block sits in the batch's buffer. One straight loop, nothing
 * allocated per record: the columns are allocated once for the batch, the cursor is
 * module-level.
 *
 *   record: length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
 *           keyLength varint | key | valueLength varint | value | headers
 */
import type { SourceBatch, UnreadableBatch } from "../source-batch";
import { readVarint, varintEnd } from "../wire/varint";
import { type Region, skipUnreadable } from "./regions";

/** Read cursor of the record loop (module-level: the hot loop allocates nothing for it). */
let at = 0;

/** Reads the zig-zag varint at `at` and moves past it. */
function varint(buf: Buffer): number {
  const v = readVarint(buf, at);
  at = varintEnd;
  return v;
}

/**
 * Reads the records of `regions` (all in `buf`, `total` of them at most) from `fetchOffset`
 * on; the rest of a batch with a malformed record is pushed to `skipped`. Null: none read.
 */
export function readColumns(
  buf: Buffer,
  regions: Region[],
  total: number,
  fetchOffset: number,
  skipped: UnreadableBatch[],
): SourceBatch | null {
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
        const reason = "malformed record: lengths run past its batch";
        skipUnreadable(skipped, fetchOffset, prevOffset + 1, r.lastOffset, r.count - k, reason);
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
  if (n === 0) return null;
  const cut = n < total;
  return {
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
  };
}
