/**
 * One broker's Fetch response read into the partitions' {@link Fetched} data: each partition's
 * record batches into columns over the response bytes (record-reader.ts), or its error code.
 */
import { describeError, LaunchwatchError } from "../../../core/errors";
import { type TopicPartition, tpKey } from "../partition-consumer";
import type { SourceBatch, UnreadableBatch } from "../source-batch";
import { isRetriableCode, kafkaErrorName } from "../wire/errors";
import { decodeFetchResponse } from "./fetch-request";
import { readRecords } from "./record-reader";

/** One partition's data from one fetch round, read and ready to hand out. */
export interface Fetched {
  tp: TopicPartition;
  key: string;
  batch: SourceBatch | null;
  /** Batches skipped as unreadable (null: none). */
  unreadable: UnreadableBatch[] | null;
  /** Where the next fetch of this partition starts. */
  nextOffset: number;
  caughtUp: boolean;
  errorCode: number;
}

/**
 * Reads broker `node`'s answer `body`; `from` is where each partition's fetch started. Bytes
 * that do not parse throw a non-retriable {@link LaunchwatchError}.
 */
export function readFetchResponse(
  node: number,
  body: Buffer,
  from: Map<string, number>,
  maxInflatedBytes: number | undefined,
): Fetched[] {
  try {
    return readResponse(node, body, from, maxInflatedBytes);
  } catch (err) {
    if (err instanceof LaunchwatchError) throw err;
    // Bytes that do not parse (a RangeError past the end, bad gzip) will not parse better later.
    throw new LaunchwatchError(`unreadable fetch response from broker ${node}: ${describeError(err)}`, {
      cause: err,
    });
  }
}

function readResponse(
  node: number,
  body: Buffer,
  from: Map<string, number>,
  maxInflatedBytes: number | undefined,
): Fetched[] {
  const response = decodeFetchResponse(body);
  if (response.errorCode !== 0) {
    const code = response.errorCode;
    throw new LaunchwatchError(`fetch from broker ${node} failed: ${kafkaErrorName(code)} (${code})`, {
      retriable: isRetriableCode(code),
    });
  }
  return response.partitions.map((p): Fetched => {
    const key = tpKey(p);
    const fetchOffset = from.get(key) ?? 0;
    const tp = { topic: p.topic, partition: p.partition };
    if (p.errorCode !== 0) {
      return {
        tp,
        key,
        batch: null,
        unreadable: null,
        nextOffset: fetchOffset,
        caughtUp: false,
        errorCode: p.errorCode,
      };
    }
    const read = readRecords(body, p.recordsStart, p.recordsEnd, fetchOffset, p.aborted, maxInflatedBytes);
    return {
      tp,
      key,
      batch: read.batch,
      unreadable: read.unreadable,
      nextOffset: read.nextOffset,
      // read_committed reads up to the last stable offset (-1 when the broker has none to tell).
      caughtUp: read.nextOffset >= (p.lastStableOffset >= 0 ? p.lastStableOffset : p.highWatermark),
      errorCode: 0,
    };
  });
}
