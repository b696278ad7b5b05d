/**
 * A batch of one partition's messages in columns over the fetch response's own bytes: no object
 * and no Buffer per message. Message i's value is `data[valueStart[i], valueEnd[i])`, its key
 * `data[keyStart[i], keyEnd[i])`; a start of -1 means null.
 */
export interface SourceBatch {
  readonly count: number;
  readonly offsets: Float64Array;
  readonly data: Buffer;
  readonly valueStart: Int32Array;
  readonly valueEnd: Int32Array;
  readonly keyStart: Int32Array;
  readonly keyEnd: Int32Array;
  /**
   * Record timestamps (epoch ms) and where each record's headers sit, in the record format
   * (`data[headerStart[i], headerEnd[i])`: a varint count, then varint-length keys and values;
   * see record-headers.ts). Present when the client read them; source mappings use them.
   */
  readonly timestamps?: Float64Array;
  readonly headerStart?: Int32Array;
  readonly headerEnd?: Int32Array;
}

/**
 * A record batch the consumer could not read (a codec it lacks, an old message format, a
 * corrupt length, a batch inflating past the limit): skipped, and handed to the worker, which
 * dead-letters a marker for it and counts its records, so one bad batch never stops a partition.
 */
export interface UnreadableBatch {
  firstOffset: number;
  lastOffset: number;
  /** Records the batch says it holds (from its header; 1 when the header cannot say). */
  records: number;
  reason: string;
}

import { encodeHeaders, type RecordHeaders } from "./record-headers";

/** Message i's value as a Buffer (a view, not a copy), or null. */
export function valueAt(batch: SourceBatch, i: number): Buffer | null {
  const start = batch.valueStart[i]!;
  return start < 0 ? null : batch.data.subarray(start, batch.valueEnd[i]!);
}

/** Message i's key as a Buffer (a view, not a copy), or null. */
export function keyAt(batch: SourceBatch, i: number): Buffer | null {
  const start = batch.keyStart[i]!;
  return start < 0 ? null : batch.data.subarray(start, batch.keyEnd[i]!);
}

/** Packs messages given one by one (kafkajs hands out a Buffer per message) into one batch. */
export function packMessages(
  messages: ReadonlyArray<{
    offset: number;
    key: Buffer | null;
    value: Buffer | null;
    timestamp?: number;
    headers?: RecordHeaders;
  }>,
): SourceBatch {
  const n = messages.length;
  let bytes = 0;
  const headers = messages.map((m) => (m.headers ? encodeHeaders(m.headers) : null));
  for (const [i, m] of messages.entries())
    bytes += (m.key?.length ?? 0) + (m.value?.length ?? 0) + (headers[i]?.length ?? 0);
  const data = Buffer.allocUnsafe(bytes);
  const batch = {
    count: n,
    offsets: new Float64Array(n),
    data,
    valueStart: new Int32Array(n),
    valueEnd: new Int32Array(n),
    keyStart: new Int32Array(n),
    keyEnd: new Int32Array(n),
    timestamps: new Float64Array(n).fill(Number.NaN),
    headerStart: new Int32Array(n),
    headerEnd: new Int32Array(n),
  };
  let at = 0;
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    batch.offsets[i] = m.offset;
    if (m.key) {
      batch.keyStart[i] = at;
      at += m.key.copy(data, at);
      batch.keyEnd[i] = at;
    } else batch.keyStart[i] = batch.keyEnd[i] = -1;
    if (m.value) {
      batch.valueStart[i] = at;
      at += m.value.copy(data, at);
      batch.valueEnd[i] = at;
    } else batch.valueStart[i] = batch.valueEnd[i] = -1;
    if (m.timestamp !== undefined) batch.timestamps[i] = m.timestamp;
    const h = headers[i];
    batch.headerStart[i] = at;
    if (h) at += h.copy(data, at);
    batch.headerEnd[i] = at;
  }
  return batch;
}

/** The batch without its messages before `offset` (offsets ascend), or null if none is left. */
/** Messages `[from, to)` of a batch, as a batch (views, no copy); null when empty. */
function slice(batch: SourceBatch, from: number, to: number): SourceBatch | null {
  if (from >= to) return null;
  if (from === 0 && to === batch.count) return batch;
  return {
    count: to - from,
    offsets: batch.offsets.subarray(from, to),
    data: batch.data,
    valueStart: batch.valueStart.subarray(from, to),
    valueEnd: batch.valueEnd.subarray(from, to),
    keyStart: batch.keyStart.subarray(from, to),
    keyEnd: batch.keyEnd.subarray(from, to),
    timestamps: batch.timestamps?.subarray(from, to),
    headerStart: batch.headerStart?.subarray(from, to),
    headerEnd: batch.headerEnd?.subarray(from, to),
  };
}

/** Splits a batch into the messages before `offset` and those at or after it. */
export function splitBefore(batch: SourceBatch, offset: number): [SourceBatch | null, SourceBatch | null] {
  let i = 0;
  while (i < batch.count && batch.offsets[i]! < offset) i++;
  return [slice(batch, 0, i), slice(batch, i, batch.count)];
}

export function dropBefore(batch: SourceBatch, offset: number): SourceBatch | null {
  if (batch.count === 0) return null;
  if (batch.offsets[0]! >= offset) return batch;
  let i = 0;
  while (i < batch.count && batch.offsets[i]! < offset) i++;
  if (i === batch.count) return null;
  return {
    count: batch.count - i,
    offsets: batch.offsets.subarray(i),
    data: batch.data,
    valueStart: batch.valueStart.subarray(i),
    valueEnd: batch.valueEnd.subarray(i),
    keyStart: batch.keyStart.subarray(i),
    keyEnd: batch.keyEnd.subarray(i),
    timestamps: batch.timestamps?.subarray(i),
    headerStart: batch.headerStart?.subarray(i),
    headerEnd: batch.headerEnd?.subarray(i),
  };
}
