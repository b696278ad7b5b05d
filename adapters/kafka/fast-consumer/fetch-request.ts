/**
 * Fetch request and response, version 11: the newest before flexible (compact) encodings, and
 * one Kafka 4 still serves (it removed v0-v3). Full fetches, no fetch session.
 *
 *   size int32 | apiKey int16 (1) | apiVersion int16 | correlationId int32 | clientId string |
 *   replicaId int32 (-1) | maxWaitMs int32 | minBytes int32 | maxBytes int32 | isolationLevel int8 |
 *   sessionId int32 (0) | sessionEpoch int32 (-1) |
 *   [topic: name string | [partition int32 | currentLeaderEpoch int32 (-1) | fetchOffset int64 |
 *   logStartOffset int64 (-1) | partitionMaxBytes int32]] | forgottenTopics [] | rackId string
 *
 * Response v11 (after the correlation id): throttleTimeMs int32 | errorCode int16 | sessionId int32 |
 * [topic: name string | [partition int32 | errorCode int16 | highWatermark int64 |
 * lastStableOffset int64 | logStartOffset int64 | abortedTransactions nullable [producerId int64 |
 * firstOffset int64] | preferredReadReplica int32 | records nullable bytes]].
 */
import { readTopicArray } from "../wire/topic-array";
import type { AbortedTransaction } from "./record-reader";

export const FETCH_API_KEY = 1;
export const FETCH_VERSION = 11;

export interface FetchPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
}

export interface FetchOptions {
  correlationId: number;
  clientId: string;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  partitionMaxBytes: number;
  /** 0 read_uncommitted, 1 read_committed. */
  isolationLevel: 0 | 1;
}

const nameBytes = (s: string) => Buffer.byteLength(s, "utf8");

function writeInt64(buf: Buffer, value: number, pos: number): number {
  buf.writeInt32BE(Math.floor(value / 4294967296), pos);
  buf.writeUInt32BE(value >>> 0, pos + 4);
  return pos + 8;
}

/** Encodes a Fetch request for `partitions` (any order; grouped by topic here). */
export function encodeFetchRequest(partitions: readonly FetchPartition[], o: FetchOptions): Buffer {
  const byTopic = new Map<string, FetchPartition[]>();
  for (const p of partitions) {
    const list = byTopic.get(p.topic);
    if (list) list.push(p);
    else byTopic.set(p.topic, [p]);
  }
  let size = 4 + 2 + 2 + 4 + 2 + nameBytes(o.clientId) + 4 + 4 + 4 + 4 + 1 + 4 + 4 + 4 + 4 + 2;
  for (const [topic, list] of byTopic) size += 2 + nameBytes(topic) + 4 + list.length * (4 + 4 + 8 + 8 + 4);
  const buf = Buffer.allocUnsafe(size);
  let pos = buf.writeInt32BE(size - 4, 0);
  pos = buf.writeInt16BE(FETCH_API_KEY, pos);
  pos = buf.writeInt16BE(FETCH_VERSION, pos);
  pos = buf.writeInt32BE(o.correlationId, pos);
  pos = buf.writeInt16BE(nameBytes(o.clientId), pos);
  pos += buf.write(o.clientId, pos, "utf8");
  pos = buf.writeInt32BE(-1, pos); // replica id: a consumer
  pos = buf.writeInt32BE(o.maxWaitMs, pos);
  pos = buf.writeInt32BE(o.minBytes, pos);
  pos = buf.writeInt32BE(o.maxBytes, pos);
  pos = buf.writeInt8(o.isolationLevel, pos);
  pos = buf.writeInt32BE(0, pos); // session id: none
  pos = buf.writeInt32BE(-1, pos); // session epoch -1: a full fetch that opens no session
  pos = buf.writeInt32BE(byTopic.size, pos);
  for (const [topic, list] of byTopic) {
    pos = buf.writeInt16BE(nameBytes(topic), pos);
    pos += buf.write(topic, pos, "utf8");
    pos = buf.writeInt32BE(list.length, pos);
    for (const p of list) {
      pos = buf.writeInt32BE(p.partition, pos);
      pos = buf.writeInt32BE(-1, pos); // current leader epoch: not checked
      pos = writeInt64(buf, p.fetchOffset, pos);
      pos = writeInt64(buf, -1, pos); // log start offset: consumers send -1
      pos = buf.writeInt32BE(o.partitionMaxBytes, pos);
    }
  }
  pos = buf.writeInt32BE(0, pos); // forgotten topics
  pos = buf.writeInt16BE(0, pos); // rack id ""
  if (pos !== size) throw new Error(`fetch request layout: wrote ${pos} of ${size} bytes`);
  return buf;
}

export interface FetchedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  aborted: AbortedTransaction[] | null;
  /** The partition's record batches are `body[recordsStart, recordsEnd)` (empty: none). */
  recordsStart: number;
  recordsEnd: number;
}

export interface FetchResponse {
  throttleTimeMs: number;
  errorCode: number;
  partitions: FetchedPartition[];
}

const int64 = (b: Buffer, at: number): number => b.readInt32BE(at) * 4294967296 + b.readUInt32BE(at + 4);

/** Decodes a Fetch v11 response body (after the size and the correlation id). */
export function decodeFetchResponse(body: Buffer): FetchResponse {
  const throttleTimeMs = body.readInt32BE(0);
  const errorCode = body.readInt16BE(4);
  const partitions: FetchedPartition[] = [];
  readTopicArray(body, 4 + 2 + 4, (topic, at) => {
    let pos = at;
    const partition = body.readInt32BE(pos);
    const code = body.readInt16BE(pos + 4);
    const highWatermark = int64(body, pos + 6);
    const lastStableOffset = int64(body, pos + 14);
    const logStartOffset = int64(body, pos + 22);
    pos += 30;
    const abortedCount = body.readInt32BE(pos);
    pos += 4;
    let aborted: AbortedTransaction[] | null = null;
    if (abortedCount > 0) {
      aborted = [];
      for (let a = 0; a < abortedCount; a++) {
        aborted.push({ producerId: int64(body, pos), firstOffset: int64(body, pos + 8) });
        pos += 16;
      }
    }
    pos += 4; // preferred read replica
    const recordsBytes = body.readInt32BE(pos);
    pos += 4;
    const recordsStart = pos;
    if (recordsBytes > 0) pos += recordsBytes;
    partitions.push({
      topic,
      partition,
      errorCode: code,
      highWatermark,
      lastStableOffset,
      logStartOffset,
      aborted,
      recordsStart,
      recordsEnd: pos,
    });
    return pos;
  });
  return { throttleTimeMs, errorCode, partitions };
}
