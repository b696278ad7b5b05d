/**
 * zstd (Kafka codec 4): Node's zlib where it has zstd (Node 22.15+, 24), bounded by
 * `maxOutputLength`; on older Node fzstd (pure JS), streamed so the output is counted as it
 * comes and refused past the budget. Compressing needs Node's zstd.
 */
import zlib from "node:zlib";
import { Decompress } from "fzstd";
import { LaunchwatchError } from "../../../core/errors";
import { codecFailure } from "./failure";

interface NodeZstd {
  zstdDecompressSync(input: Buffer, options: { maxOutputLength: number }): Buffer;
  zstdCompressSync(input: Buffer): Buffer;
}

const hasZstd = (z: object): z is NodeZstd => "zstdDecompressSync" in z && "zstdCompressSync" in z;
const nodeZstd: NodeZstd | null = hasZstd(zlib) ? zlib : null;

class OverLimit extends Error {}

const FRAME_MAGIC = 0xfd2fb528;
const dictionaryIdBytes = [0, 1, 2, 4];

/**
 * Walks the frames' block headers and throws unless every frame ends within the input: Node's
 * zstd (22.x) returns what a cut-off frame decodes to without an error, which would read as a
 * batch with records missing.
 */
function checkFramesComplete(input: Buffer): void {
  let pos = 0;
  while (pos < input.length) {
    if (pos + 8 > input.length) throw new Error("zstd frame cut off");
    const magic = input.readUInt32LE(pos);
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      pos += 8 + input.readUInt32LE(pos + 4); // skippable frame
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new Error("no zstd frame magic");
    const fhd = input[pos + 4]!;
    const single = (fhd & 0x20) !== 0;
    const fcsFlag = fhd >> 6;
    const fcsBytes = fcsFlag === 0 ? (single ? 1 : 0) : 1 << fcsFlag;
    pos += 5 + (single ? 0 : 1) + dictionaryIdBytes[fhd & 3]! + fcsBytes;
    for (let last = false; !last; ) {
      if (pos + 3 > input.length) throw new Error("zstd frame cut off");
      const header = input.readUIntLE(pos, 3);
      last = (header & 1) === 1;
      const type = (header >> 1) & 3;
      if (type === 3) throw new Error("reserved zstd block type");
      pos += 3 + (type === 1 ? 1 : header >>> 3);
    }
    if (fhd & 0x04) pos += 4; // content checksum
    if (pos > input.length) throw new Error("zstd frame cut off");
  }
}

/** fzstd, streamed: output chunks are counted as they come. */
function unzstdJs(input: Buffer, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const d = new Decompress((chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw new OverLimit();
    // Copied: the decoder may reuse its window buffer for the next chunk.
    chunks.push(Buffer.from(chunk));
  });
  d.push(input, true);
  return Buffer.concat(chunks, total);
}

export function unzstd(input: Buffer, maxBytes: number, useNode = nodeZstd !== null): Buffer {
  try {
    checkFramesComplete(input);
    if (useNode && nodeZstd) return nodeZstd.zstdDecompressSync(input, { maxOutputLength: maxBytes });
    return unzstdJs(input, maxBytes);
  } catch (err) {
    const over = err instanceof OverLimit || (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
    throw codecFailure("zstd", maxBytes, err, over);
  }
}

export function zstd(input: Buffer): Buffer {
  if (!nodeZstd)
    throw new LaunchwatchError(`zstd compression needs Node 22.15 or newer (this is ${process.version})`);
  return nodeZstd.zstdCompressSync(input);
}

/** Whether this Node can compress zstd (it can always decompress). */
export const canCompressZstd = nodeZstd !== null;
