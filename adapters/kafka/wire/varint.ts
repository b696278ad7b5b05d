/**
 * Kafka's varints (protobuf-style, zig-zag signed), as records of RecordBatch v2 use them for
 * lengths and deltas, and record headers. Values here are 32-bit: record sizes, offset deltas, key
 * and value lengths. Written by the fast producer, read by the fast consumer's record reader and
 * the record-header reader.
 */

/** Bytes the zig-zag varint of `value` takes. */
export function varintSize(value: number): number {
  let z = ((value << 1) ^ (value >> 31)) >>> 0;
  let n = 1;
  while (z >= 0x80) {
    z >>>= 7;
    n++;
  }
  return n;
}

/** Writes the zig-zag varint of `value` at `pos`; returns the position after it. */
export function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  let z = ((value << 1) ^ (value >> 31)) >>> 0;
  while (z >= 0x80) {
    buf[pos++] = (z & 0x7f) | 0x80;
    z >>>= 7;
  }
  buf[pos++] = z;
  return pos;
}

/** Where the last {@link readVarint} ended (module-level: the record loops allocate nothing). */
export let varintEnd = 0;

/**
 * The zig-zag varint at `pos` of `buf` (32-bit: lengths and deltas); {@link varintEnd} is then
 * the position after it. At most 5 bytes are read (a corrupt length cannot run on).
 */
export function readVarint(buf: Uint8Array, pos: number): number {
  let z = 0;
  let shift = 0;
  let c: number;
  do {
    c = buf[pos++]!;
    z |= (c & 0x7f) << shift;
    shift += 7;
  } while (c & 0x80 && shift < 35);
  varintEnd = pos;
  return (z >>> 1) ^ -(z & 1);
}
