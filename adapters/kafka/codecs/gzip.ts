/** gzip (Kafka codec 1) with Node's zlib, bounded by `maxOutputLength`. */
import { gunzipSync, gzipSync } from "node:zlib";
import { codecFailure } from "./failure";

export function gunzip(input: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(input, { maxOutputLength: maxBytes });
  } catch (err) {
    throw codecFailure("gzip", maxBytes, err, (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE");
  }
}

export function gzip(input: Buffer): Buffer {
  return gzipSync(input);
}
