/**
 * Decompression for the record reader: a compressed batch's records inflated (gzip, snappy,
 * lz4, zstd: ../codecs) up to a limit, and the inflated regions joined into one buffer, as a
 * source batch points into one buffer only.
 */
import { describeError } from "../../../core/errors";
import { decompress } from "../codecs";
import type { Region } from "./regions";

/** Inflates a compressed batch's records, or returns why it cannot. */
export function inflate(codec: number, input: Buffer, maxBytes: number): Buffer | string {
  try {
    return decompress(codec, input, maxBytes);
  } catch (err) {
    return describeError(err);
  }
}

/** Copies every region's records into one buffer and points the regions into it. */
export function joinRegions(regions: Region[]): Buffer {
  const buf = Buffer.concat(regions.map((r) => r.buf.subarray(r.start, r.end)));
  let at = 0;
  for (const r of regions) {
    const len = r.end - r.start;
    r.buf = buf;
    r.start = at;
    r.end = at + len;
    at += len;
  }
  return buf;
}
