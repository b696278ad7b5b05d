/**
 * Record headers in Kafka's record format (v2): a zig-zag varint count, then per header a
 * varint-length key and a varint-length value (-1: null). The fast consumer leaves them where
 * they are in the fetch response and a source mapping reads one by name; kafkajs hands them out
 * as an object, which {@link encodeHeaders} packs the same way.
 */

export type RecordHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;

let at = 0;
function varint(buf: Buffer): number {
  let z = 0;
  let shift = 0;
  let c: number;
  do {
    c = buf[at++]!;
    z |= (c & 0x7f) << shift;
    shift += 7;
  } while (c & 0x80 && shift < 35);
  return (z >>> 1) ^ -(z & 1);
}

/** The value (UTF-8) of the first header named `name` in `data[start, end)`, or null. */
export function readHeader(data: Buffer, start: number, end: number, name: string): string | null {
  if (start < 0 || end <= start) return null;
  at = start;
  const count = varint(data);
  for (let h = 0; h < count && at < end; h++) {
    const kl = varint(data);
    const ks = at;
    at += Math.max(0, kl);
    const vl = varint(data);
    const vs = at;
    at += Math.max(0, vl);
    if (at > end) return null;
    if (kl === Buffer.byteLength(name) && data.toString("utf8", ks, ks + kl) === name)
      return vl < 0 ? null : data.toString("utf8", vs, vs + vl);
  }
  return null;
}

const zigzag = (n: number): number[] => {
  let z = ((n << 1) ^ (n >> 31)) >>> 0;
  const out: number[] = [];
  while (z > 0x7f) {
    out.push((z & 0x7f) | 0x80);
    z >>>= 7;
  }
  out.push(z);
  return out;
};

/** Headers as the record format writes them. */
export function encodeHeaders(headers: RecordHeaders): Buffer {
  const parts: Buffer[] = [];
  let count = 0;
  for (const [k, v] of Object.entries(headers)) {
    for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
      const key = Buffer.from(k);
      const value = Buffer.isBuffer(one) ? one : Buffer.from(one);
      parts.push(Buffer.from(zigzag(key.length)), key, Buffer.from(zigzag(value.length)), value);
      count++;
    }
  }
  return Buffer.concat([Buffer.from(zigzag(count)), ...parts]);
}
