/**
 * Record headers in Kafka's record format (v2): a zig-zag varint count, then per header a
 * varint-length key and a varint-length value (-1: null). The fast consumer leaves them where
 * they are in the fetch response and a source mapping reads one by name; kafkajs hands them out
 * as an object, which {@link encodeHeaders} packs the same way.
 */

import { readVarint, varintEnd, varintSize, writeVarint } from "./wire/varint";

export type RecordHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;

let at = 0;
function varint(buf: Buffer): number {
  const v = readVarint(buf, at);
  at = varintEnd;
  return v;
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

const varintBytes = (n: number): Buffer => {
  const b = Buffer.alloc(varintSize(n));
  writeVarint(b, 0, n);
  return b;
};

/** Headers as the record format writes them. */
export function encodeHeaders(headers: RecordHeaders): Buffer {
  const parts: Buffer[] = [];
  let count = 0;
  for (const [k, v] of Object.entries(headers)) {
    for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
      const key = Buffer.from(k);
      const value = Buffer.isBuffer(one) ? one : Buffer.from(one);
      parts.push(varintBytes(key.length), key, varintBytes(value.length), value);
      count++;
    }
  }
  return Buffer.concat([varintBytes(count), ...parts]);
}
