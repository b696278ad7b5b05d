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
