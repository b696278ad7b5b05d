/**
 * lz4 (Kafka codec 3): the LZ4 frame format (Kafka 0.10+), walked here block by block so every
 * block's size is checked against the batch's bytes and the output against the budget; blocks
 * are decoded by lz4js (pure JS). Checksums are not checked (as for the other codecs: TCP and
 * the broker cover the path).
 *
 * Written as Kafka's Java client writes it: 64 KiB independent blocks (the broker refuses
 * dependent ones), no checksums but the header's.
 */
import lz4js from "lz4js";
import xxh32 from "lz4js/xxh32";
import { codecFailure } from "./failure";

const MAGIC = 0x184d2204;
const FLAG_BLOCK_CHECKSUM = 0x10;
const FLAG_CONTENT_SIZE = 0x08;
const FLAG_CONTENT_CHECKSUM = 0x04;
const UNCOMPRESSED = 0x80000000;
/** Block maximum sizes by the descriptor's BD byte (bits 4-6). */
const blockMax: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

class OverLimit extends Error {}

export function unlz4(input: Buffer, maxBytes: number): Buffer {
  try {
    if (input.length < 7 || input.readUInt32LE(0) !== MAGIC) throw new Error("no LZ4 frame magic");
    const flags = input[4]!;
    if ((flags & 0xc0) !== 0x40) throw new Error(`LZ4 frame version ${(flags >> 6) & 3}`);
    const max = blockMax[(input[5]! >> 4) & 7];
    if (!max) throw new Error("invalid LZ4 block size");
    let pos = 6 + (flags & FLAG_CONTENT_SIZE ? 8 : 0) + 1; // descriptor, content size, header checksum
    const blockSum = (flags & FLAG_BLOCK_CHECKSUM) !== 0;
    // First pass: block sizes within the input, the most output they can make.
    const blocks: Array<[start: number, size: number, raw: boolean]> = [];
    let bound = 0;
    for (;;) {
      if (pos + 4 > input.length) throw new Error("LZ4 frame cut off");
      const word = input.readUInt32LE(pos);
      pos += 4;
      if (word === 0) break;
      const raw = (word & UNCOMPRESSED) !== 0;
      const size = word & ~UNCOMPRESSED;
      if (size > max || pos + size + (blockSum ? 4 : 0) > input.length)
        throw new Error(`LZ4 block of ${size} bytes past the frame's end or block size`);
      blocks.push([pos, size, raw]);
      bound += raw ? size : max;
      pos += size + (blockSum ? 4 : 0);
    }
    if (flags & FLAG_CONTENT_CHECKSUM && pos + 4 > input.length) throw new Error("LZ4 frame cut off");
    const out = Buffer.allocUnsafe(Math.min(bound, maxBytes));
    let end = 0;
    for (const [start, size, raw] of blocks) {
      if (raw) {
        if (end + size > out.length) throw new OverLimit();
        input.copy(out, end, start, start + size);
        end += size;
      } else {
        const blockStart = end;
        end = lz4js.decompressBlock(input, out, start, size, end);
        if (end - blockStart > max) throw new Error("LZ4 block inflates past its block size");
        if (end > out.length) throw new OverLimit();
      }
    }
    return out.subarray(0, end);
  } catch (err) {
    throw codecFailure("lz4", maxBytes, err, err instanceof OverLimit);
  }
}

const FLAG_INDEPENDENT = 0x20;
const WRITE_BLOCK = 64 << 10;

export function lz4(input: Buffer): Buffer {
  const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x40 | FLAG_INDEPENDENT, 4 << 4, 0]);
  header[6] = (xxh32.hash(0, header, 4, 2) >> 8) & 0xff;
  const parts: Buffer[] = [header];
  const table = new Uint32Array(1 << 16);
  const block = Buffer.allocUnsafe(lz4js.compressBound(WRITE_BLOCK));
  for (let i = 0; i < input.length; i += WRITE_BLOCK) {
    const size = Math.min(WRITE_BLOCK, input.length - i);
    table.fill(0); // each block on its own: no match reaches into the one before
    const packed = lz4js.compressBlock(input, block, i, size, table);
    const word = Buffer.alloc(4);
    if (packed === 0 || packed >= size) {
      word.writeUInt32LE((UNCOMPRESSED | size) >>> 0, 0);
      parts.push(word, input.subarray(i, i + size));
    } else {
      word.writeUInt32LE(packed, 0);
      parts.push(word, Buffer.from(block.subarray(0, packed)));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}
