/**
 * Produce request and response, version 7: the newest version before flexible (compact)
 * encodings, and one Kafka 4 still serves (it removed v0-v2). One RecordBatch per partition.
 *
 *   size int32 | apiKey int16 (0) | apiVersion int16 | correlationId int32 | clientId string |
 *   transactionalId nullable string | acks int16 | timeoutMs int32 |
 *   [topic: name string | [partition: index int32 | records bytes (int32 size + RecordBatch)]]
 *
 * Response v7: correlationId int32 | [topic: name | [partition: index int32 | errorCode int16 |
 * baseOffset int64 | logAppendTime int64 | logStartOffset int64]] | throttleTimeMs int32.
 */

import { readTopicArray } from "../wire/topic-array";

export const PRODUCE_API_KEY = 0;
export const PRODUCE_VERSION = 7;

/** One partition's batch in a request: its size is known before its bytes are written. */
export interface PartitionEntry {
  topic: string;
  partition: number;
  batchBytes: number;
  /** Set by {@link layoutProduceRequest}: where the batch's bytes go in the request buffer. */
  batchStart: number;
}

/** Topic name bytes (ASCII-safe Kafka names are 1 byte a char, but measure anyway). */
const nameBytes = (s: string) => Buffer.byteLength(s, "utf8");

/**
 * Allocates the request buffer for `entries` (sorted by topic by the caller, so each topic is
 * one block) and writes everything but the batches; each entry gets its `batchStart`.
 */
export function layoutProduceRequest(
  entries: PartitionEntry[],
  {
    correlationId,
    clientId,
    acks,
    timeoutMs,
  }: { correlationId: number; clientId: string; acks: number; timeoutMs: number },
): Buffer {
  let size = 4 + 2 + 2 + 4 + 2 + nameBytes(clientId) + 2 + 2 + 4 + 4;
  let topicsCount = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (i === 0 || entries[i - 1]!.topic !== e.topic) {
      topicsCount++;
      size += 2 + nameBytes(e.topic) + 4;
    }
    size += 4 + 4 + e.batchBytes;
  }
  const buf = Buffer.allocUnsafe(size);
  let pos = buf.writeInt32BE(size - 4, 0);
  pos = buf.writeInt16BE(PRODUCE_API_KEY, pos);
  pos = buf.writeInt16BE(PRODUCE_VERSION, pos);
  pos = buf.writeInt32BE(correlationId, pos);
  pos = buf.writeInt16BE(nameBytes(clientId), pos);
  pos += buf.write(clientId, pos, "utf8");
  pos = buf.writeInt16BE(-1, pos); // no transactional id
  pos = buf.writeInt16BE(acks, pos);
  pos = buf.writeInt32BE(timeoutMs, pos);
  pos = buf.writeInt32BE(topicsCount, pos);
  for (let i = 0; i < entries.length; ) {
    const topic = entries[i]!.topic;
    let j = i;
    while (j < entries.length && entries[j]!.topic === topic) j++;
    pos = buf.writeInt16BE(nameBytes(topic), pos);
    pos += buf.write(topic, pos, "utf8");
    pos = buf.writeInt32BE(j - i, pos);
    for (; i < j; i++) {
      const e = entries[i]!;
      pos = buf.writeInt32BE(e.partition, pos);
      pos = buf.writeInt32BE(e.batchBytes, pos);
      e.batchStart = pos;
      pos += e.batchBytes;
    }
  }
  if (pos !== size) throw new Error(`produce request layout: wrote ${pos} of ${size} bytes`);
  return buf;
}

/** One partition's outcome. */
export interface PartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  baseOffset: bigint;
}

/** Decodes a Produce v7 response body (after the size and the correlation id). */
export function decodeProduceResponse(body: Buffer): PartitionResult[] {
  const out: PartitionResult[] = [];
  readTopicArray(body, 0, (topic, at) => {
    out.push({
      topic,
      partition: body.readInt32BE(at),
      errorCode: body.readInt16BE(at + 4),
      baseOffset: body.readBigInt64BE(at + 6),
    });
    return at + 4 + 2 + 8 + 8 + 8; // + logAppendTime, logStartOffset
  });
  return out;
}
