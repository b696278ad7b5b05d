/**
 * snappy (Kafka codec 2) with snappyjs (pure JS). Kafka's Java client writes snappy-java's
 * "xerial" framing (a magic header, then int32-length-prefixed raw snappy chunks); librdkafka
 * writes raw snappy. Both are read; each chunk's stated length is checked against the budget
 * before anything is allocated. Written framed, as the Java client does.
 */
import snappyjs from "snappyjs";
import { codecFailure } from "./failure";

const xerialMagic = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER = 16;
const CHUNK = 32 * 1024;

class OverLimit extends Error {}

/** The length a raw snappy block states (its varint prefix). */
function statedLength(input: Uint8Array, from: number, end: number): number {
  let v = 0;
  for (let shift = 0, i = from; i < end && shift < 35; shift += 7, i++) {
    const b = input[i]!;
    v += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return v;
  }
  throw new Error("bad length prefix");
}

export function unsnappy(input: Buffer, maxBytes: number): Buffer {
  try {
    const framed = input.length >= XERIAL_HEADER && input.subarray(0, 8).equals(xerialMagic);
    if (!framed) {
      if (statedLength(input, 0, input.length) > maxBytes) throw new OverLimit();
      return Buffer.from(snappyjs.uncompress(input, maxBytes));
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let pos = XERIAL_HEADER;
    while (pos < input.length) {
      if (pos + 4 > input.length) throw new Error("cut-off chunk length");
      const size = input.readInt32BE(pos);
      pos += 4;
      if (size < 0 || pos + size > input.length)
        throw new Error(`chunk of ${size} bytes past the batch's end`);
      const chunk = input.subarray(pos, pos + size);
      pos += size;
      const stated = statedLength(chunk, 0, chunk.length);
      if (total + stated > maxBytes) throw new OverLimit();
      const out = snappyjs.uncompress(chunk, maxBytes - total);
      chunks.push(out);
      total += out.length;
    }
    return Buffer.concat(chunks, total);
  } catch (err) {
    throw codecFailure("snappy", maxBytes, err, err instanceof OverLimit);
  }
}

export function snappy(input: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER);
  xerialMagic.copy(header, 0);
  header.writeInt32BE(1, 8); // version
  header.writeInt32BE(1, 12); // minimum compatible version
  const parts: Buffer[] = [header];
  for (let i = 0; i < input.length; i += CHUNK) {
    const block = snappyjs.compress(input.subarray(i, i + CHUNK));
    const len = Buffer.alloc(4);
    len.writeInt32BE(block.length, 0);
    parts.push(len, Buffer.from(block.buffer, block.byteOffset, block.length));
  }
  return Buffer.concat(parts);
}
