/**
 * What the fast producer sends: records as columns over two byte buffers, so a batch of
 * thousands of records is a handful of allocations, not thousands of objects.
 */
export interface RecordColumns {
  /** Number of records. */
  count: number;
  /** Index into the producer's topic list, per record. */
  topic: Uint8Array;
  /** Partition per record (the caller partitions, e.g. with kafkajs's murmur2 partitioner). */
  partition: Int32Array;
  /** Key bytes of every record, back to back. */
  keys: Uint8Array;
  /** Record i's key is `keys[keyOffsets[i], keyOffsets[i + 1])`; `count + 1` entries. */
  keyOffsets: Int32Array;
  /** Value bytes of every record, back to back. */
  values: Uint8Array;
  /** Record i's value is `values[valueOffsets[i], valueOffsets[i + 1])`; `count + 1` entries. */
  valueOffsets: Int32Array;
}

/** Records `[from, to)` of `r`, sharing its buffers. */
export function sliceColumns(r: RecordColumns, from: number, to: number): RecordColumns {
  return {
    count: to - from,
    topic: r.topic.subarray(from, to),
    partition: r.partition.subarray(from, to),
    keys: r.keys,
    keyOffsets: r.keyOffsets.subarray(from, to + 1),
    values: r.values,
    valueOffsets: r.valueOffsets.subarray(from, to + 1),
  };
}

/** Columns from plain records (tests, small batches); strings are encoded as UTF-8. */
export function toColumns(
  records: ReadonlyArray<{ topic: number; partition: number; key: string; value: string }>,
): RecordColumns {
  const n = records.length;
  const keyParts = records.map((r) => Buffer.from(r.key, "utf8"));
  const valueParts = records.map((r) => Buffer.from(r.value, "utf8"));
  const offsets = (parts: Buffer[]) => {
    const o = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) o[i + 1] = o[i]! + parts[i]!.length;
    return o;
  };
  return {
    count: n,
    topic: Uint8Array.from(records, (r) => r.topic),
    partition: Int32Array.from(records, (r) => r.partition),
    keys: Buffer.concat(keyParts),
    keyOffsets: offsets(keyParts),
    values: Buffer.concat(valueParts),
    valueOffsets: offsets(valueParts),
  };
}
