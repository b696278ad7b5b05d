/**
 * Splits one connection's byte stream into response frames (int32 size prefix, then the
 * correlation id, then the body). A frame is handed on as a view into the bytes that brought
 * it: only a frame that spans chunks is joined, once, when its last chunk is here.
 */
import { KafkaConnectionError } from "./errors";

/**
 * Returns the socket's `data` handler. `onFrame` gets each frame's correlation id and body and
 * returns false when the connection failed over it (nothing more is read from that chunk);
 * `fail` gets a frame too short to hold a correlation id.
 */
export function createFrameReader(
  address: string,
  onFrame: (id: number, body: Buffer) => boolean,
  fail: (err: Error) => void,
): (chunk: Buffer) => void {
  let buffered: Buffer | null = null;
  // Chunks of a frame not complete yet: joined once the whole frame is here (a fetch response
  // may be megabytes arriving in 64 KiB chunks; joining on every chunk would be quadratic).
  let parts: Buffer[] = [];
  let partsBytes = 0;
  /** Size of the frame being waited for, size prefix included (0: not known yet). */
  let needed = 0;

  return (chunk: Buffer) => {
    if (buffered) {
      parts.push(chunk);
      partsBytes += chunk.length;
      if (needed === 0 && partsBytes >= 4) {
        const head = parts.length > 1 && parts[0]!.length < 4 ? Buffer.concat(parts) : parts[0]!;
        needed = 4 + head.readInt32BE(0);
      }
      if (partsBytes < Math.max(needed, 4)) return;
      chunk = Buffer.concat(parts, partsBytes);
      parts = [];
      partsBytes = 0;
      buffered = null;
    }
    needed = 0;
    const data = chunk;
    let pos = 0;
    while (data.length - pos >= 4) {
      const size = data.readInt32BE(pos);
      if (size < 4) {
        fail(new KafkaConnectionError(`${address}: response frame of ${size} bytes`));
        return;
      }
      if (data.length - pos - 4 < size) {
        needed = 4 + size;
        break;
      }
      const id = data.readInt32BE(pos + 4);
      const body = data.subarray(pos + 8, pos + 4 + size);
      pos += 4 + size;
      if (!onFrame(id, body)) return;
    }
    if (pos < data.length) {
      buffered = data.subarray(pos);
      parts = [buffered];
      partsBytes = buffered.length;
    }
  };
}
