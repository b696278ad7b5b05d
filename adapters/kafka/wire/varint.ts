/**
 * Kafka's varints (protobuf-style, zig-zag signed), as records of RecordBatch v2 use them for
 * lengths and deltas. Values here are 32-bit: record sizes, offset deltas, key and value lengths.
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
