/** Our RecordBatch bytes decoded by kafkajs's own decoder, and the CRC checked independently. */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { crc32c } from "./crc32c";
import { BATCH_HEADER_BYTES, recordSize, writeBatchHeader, writeRecord } from "./record-batch";
import { toColumns } from "./record-columns";

interface DecodedBatch {
  firstOffset: string;
  firstTimestamp: string;
  magicByte?: number;
  lastOffsetDelta: number;
  producerId: string;
  records: Array<{ key: Buffer; value: Buffer; offset: string; timestamp: string; headers: object }>;
}

const require = createRequire(import.meta.url);
const Decoder = require("kafkajs/src/protocol/decoder") as new (buf: Buffer) => unknown;
const decodeBatch = require("kafkajs/src/protocol/recordBatch/v0/decoder") as (
  d: unknown,
) => Promise<DecodedBatch>;

function encode(records: Array<{ key: string; value: string }>, ts: number): Buffer {
  const c = toColumns(records.map((r) => ({ topic: 0, partition: 0, ...r })));
  let size = BATCH_HEADER_BYTES;
  for (let i = 0; i < c.count; i++)
    size += recordSize(
      i,
      c.keyOffsets[i + 1]! - c.keyOffsets[i]!,
      c.valueOffsets[i + 1]! - c.valueOffsets[i]!,
    );
  const buf = Buffer.alloc(size);
  let pos = BATCH_HEADER_BYTES;
  for (let i = 0; i < c.count; i++)
    pos = writeRecord(
      buf,
      pos,
      i,
      c.keys,
      c.keyOffsets[i]!,
      c.keyOffsets[i + 1]!,
      c.values,
      c.valueOffsets[i]!,
      c.valueOffsets[i + 1]!,
    );
  expect(pos).toBe(size);
  writeBatchHeader(buf, 0, size, c.count, ts);
  return buf;
}

describe("RecordBatch v2", () => {
  it("decodes with kafkajs to the same keys, values, offsets and timestamps", async () => {
    const records = [
      { key: "4242", value: '{"v":1,"type":"order","city":"上海"}' },
      { key: "", value: "" },
      { key: "POST /order/create", value: "x".repeat(300) },
      ...Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
    ];
    const ts = Date.UTC(2026, 1, 6, 2, 0, 0);
    const buf = encode(records, ts);
    const batch = await decodeBatch(new Decoder(buf));
    expect(batch.lastOffsetDelta).toBe(records.length - 1);
    expect(batch.producerId).toBe("-1");
    expect(
      batch.records.map((r) => ({ key: r.key.toString("utf8"), value: r.value.toString("utf8") })),
    ).toEqual(records);
    expect(batch.records.map((r) => r.offset)).toEqual(records.map((_, i) => String(i)));
    expect(new Set(batch.records.map((r) => r.timestamp))).toEqual(new Set([String(ts)]));
  });

  it("frames the batch and checksums attributes..end with CRC-32C", () => {
    const buf = encode([{ key: "a", value: "b" }], 1);
    expect(buf.readInt32BE(8)).toBe(buf.length - 12);
    expect(buf[16]).toBe(2);
    expect(buf.readUInt32BE(17)).toBe(crc32c(buf, 21));
    expect(buf.readInt32BE(57)).toBe(1);
    // a 1-byte key, 1-byte value record: length 8 | attrs | tsDelta | offDelta | 1 | a | 1 | b | 0 headers
    expect([...buf.subarray(61)]).toEqual([16, 0, 0, 0, 2, 0x61, 2, 0x62, 0]);
  });
});
