/**
 * The record reader against batches written by kafkajs's own RecordBatch encoder (an
 * independent writer): offsets, keys, values, null keys and values, headers skipped, a cut-off
 * last batch, gzip, control batches, aborted transactions, and unreadable batches skipped and
 * reported (unknown codec, old format, corrupt lengths, a gzip batch inflating past the limit).
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { encodeHeaders, readHeader } from "../record-headers";
import { keyAt, packMessages, valueAt } from "../source-batch";
import { readRecords } from "./record-reader";

const require = createRequire(import.meta.url);
type Long = { low: number };
const LongLib = require("kafkajs/src/utils/long") as { fromNumber(n: number): Long };
const { RecordBatch } = require("kafkajs/src/protocol/recordBatch/v0") as {
  RecordBatch: (o: object) => Promise<{ buffer: Buffer }>;
};
const Record = require("kafkajs/src/protocol/recordBatch/record/v0") as (o: object) => unknown;
const { Types } = require("kafkajs/src/protocol/message/compression") as {
  Types: { None: number; GZIP: number };
};

interface Msg {
  key: string | null;
  value: string | null;
  headers?: Record<string, string>;
}

async function batch(
  firstOffset: number,
  msgs: Msg[],
  o: {
    gzip?: boolean;
    producerId?: number;
    transactional?: boolean;
    control?: boolean;
    firstTimestamp?: number;
    timestampDeltas?: number[];
  } = {},
): Promise<Buffer> {
  const encoded = await RecordBatch({
    firstTimestamp: o.firstTimestamp ?? Date.now(),
    firstOffset: LongLib.fromNumber(firstOffset),
    lastOffsetDelta: msgs.length - 1,
    compression: o.gzip ? Types.GZIP : Types.None,
    transactional: o.transactional ?? false,
    producerId: LongLib.fromNumber(o.producerId ?? -1),
    records: msgs.map((m, i) =>
      Record({
        offsetDelta: i,
        timestampDelta: o.timestampDeltas?.[i] ?? 0,
        key: m.key === null ? null : Buffer.from(m.key),
        value: m.value === null ? null : Buffer.from(m.value),
        headers: m.headers ?? {},
      }),
    ),
  });
  const buf = Buffer.from(encoded.buffer);
  if (o.control) buf.writeInt16BE(buf.readInt16BE(21) | 0x20, 21);
  return buf;
}

const msgs = (prefix: string, n: number): Msg[] =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}k${i}`, value: `{"n":${i},"p":"${prefix}"}` }));

function read(
  data: Buffer,
  from: number,
  aborted: Array<{ producerId: number; firstOffset: number }> | null = null,
  maxInflatedBytes?: number,
) {
  // The records field sits inside a larger response: put bytes on both sides.
  const framed = Buffer.concat([Buffer.from([9, 9, 9]), data, Buffer.from([7, 7])]);
  const r = readRecords(framed, 3, 3 + data.length, from, aborted, maxInflatedBytes);
  const out = r.batch
    ? Array.from({ length: r.batch.count }, (_, i) => ({
        offset: r.batch!.offsets[i]!,
        key: keyAt(r.batch!, i)?.toString() ?? null,
        value: valueAt(r.batch!, i)?.toString() ?? null,
      }))
    : [];
  return { out, nextOffset: r.nextOffset, unreadable: r.unreadable };
}

describe("record reader", () => {
  it("reads offsets, keys and values of several batches, from the fetch offset on", async () => {
    const data = Buffer.concat([
      await batch(100, msgs("a", 3)),
      await batch(103, [
        { key: null, value: "v-null-key", headers: { h: "x" } },
        { key: "k-null-value", value: null },
        { key: "", value: "" },
      ]),
    ]);
    const { out, nextOffset } = read(data, 101);
    expect(out).toEqual([
      { offset: 101, key: "ak1", value: '{"n":1,"p":"a"}' },
      { offset: 102, key: "ak2", value: '{"n":2,"p":"a"}' },
      { offset: 103, key: null, value: "v-null-key" },
      { offset: 104, key: "k-null-value", value: null },
      { offset: 105, key: "", value: "" },
    ]);
    expect(nextOffset).toBe(106);
  });

  it("gives each record's timestamp and finds its headers by name", async () => {
    const t0 = 1_770_343_200_123;
    for (const gzip of [false, true]) {
      const data = await batch(
        7,
        [
          { key: "a", value: "1", headers: { "x-store": "ST-000042", trace: "t1" } },
          { key: "b", value: "2" },
          { key: "c", value: "3", headers: { trace: "t3" } },
        ],
        { gzip, firstTimestamp: t0, timestampDeltas: [0, 5_000_000_000, -3] },
      );
      const b = readRecords(data, 0, data.length, 7, null).batch!;
      expect([...b.timestamps!]).toEqual([t0, t0 + 5_000_000_000, t0 - 3]);
      const h = (i: number, name: string) => readHeader(b.data, b.headerStart![i]!, b.headerEnd![i]!, name);
      expect([h(0, "x-store"), h(0, "trace"), h(1, "trace"), h(2, "trace"), h(2, "x-store")]).toEqual([
        "ST-000042",
        "t1",
        null,
        "t3",
        null,
      ]);
    }
    // kafkajs's messages packed into a batch read the same way.
    const packed = packMessages([
      {
        offset: 1,
        key: null,
        value: Buffer.from("v"),
        timestamp: t0,
        headers: { "x-store": Buffer.from("S1") },
      },
    ]);
    expect(packed.timestamps![0]).toBe(t0);
    expect(readHeader(packed.data, packed.headerStart![0]!, packed.headerEnd![0]!, "x-store")).toBe("S1");
    expect(encodeHeaders({}).length).toBe(1);
  });

  it("leaves a batch cut off at the end of the response for the next fetch", async () => {
    const first = await batch(0, msgs("a", 2));
    const second = await batch(2, msgs("b", 2));
    for (const cut of [1, 20, 61, second.length - 1]) {
      const { out, nextOffset } = read(Buffer.concat([first, second.subarray(0, cut)]), 0);
      expect(out.map((m) => m.offset)).toEqual([0, 1]);
      expect(nextOffset).toBe(2);
    }
  });

  it("inflates gzip batches among plain ones", async () => {
    const data = Buffer.concat([
      await batch(0, msgs("a", 2)),
      await batch(2, msgs("z", 50), { gzip: true }),
      await batch(52, msgs("c", 1)),
    ]);
    const { out, nextOffset } = read(data, 1);
    expect(out).toHaveLength(52);
    expect(out[0]).toEqual({ offset: 1, key: "ak1", value: '{"n":1,"p":"a"}' });
    expect(out[1]).toEqual({ offset: 2, key: "zk0", value: '{"n":0,"p":"z"}' });
    expect(out[50]).toEqual({ offset: 51, key: "zk49", value: '{"n":49,"p":"z"}' });
    expect(out[51]).toEqual({ offset: 52, key: "ck0", value: '{"n":0,"p":"c"}' });
    expect(nextOffset).toBe(53);
  });

  it("skips control batches and drops aborted transactions (read_committed)", async () => {
    const data = Buffer.concat([
      await batch(10, msgs("aborted", 3), { transactional: true, producerId: 7 }),
      await batch(13, msgs("other", 1), { producerId: 8 }),
      await batch(14, [{ key: null, value: "marker" }], {
        control: true,
        transactional: true,
        producerId: 7,
      }),
      await batch(15, msgs("committed", 2), { transactional: true, producerId: 7 }),
      await batch(17, [{ key: null, value: "marker" }], {
        control: true,
        transactional: true,
        producerId: 7,
      }),
    ]);
    const { out, nextOffset } = read(data, 10, [{ producerId: 7, firstOffset: 10 }]);
    expect(out.map((m) => `${m.offset}:${m.key}`)).toEqual([
      "13:otherk0",
      "15:committedk0",
      "16:committedk1",
    ]);
    expect(nextOffset).toBe(18);
    // Without the aborted list (read_uncommitted) the transaction's records are read.
    expect(read(data, 10).out.map((m) => m.offset)).toEqual([10, 11, 12, 13, 15, 16]);
  });

  it("skips a batch of a codec or format it cannot read, reports it, and reads the batches around it", async () => {
    const unknownCodec = await batch(3, msgs("b", 2));
    unknownCodec.writeInt16BE(5, 21);
    const v1 = await batch(5, msgs("c", 1));
    v1[16] = 1;
    const data = Buffer.concat([
      await batch(0, msgs("a", 3)),
      unknownCodec,
      v1,
      await batch(6, msgs("d", 2)),
    ]);
    const r = read(data, 0);
    expect(r.out.map((m) => m.offset)).toEqual([0, 1, 2, 6, 7]);
    expect(r.nextOffset).toBe(8);
    expect(r.unreadable).toEqual([
      { firstOffset: 3, lastOffset: 4, records: 2, reason: expect.stringContaining("codec 5") },
      { firstOffset: 5, lastOffset: 5, records: 1, reason: expect.stringContaining("message format v1") },
    ]);
  });

  it("skips a batch whose length cannot hold its header, stopping there (nothing after it can be found)", async () => {
    const corrupt = await batch(2, msgs("b", 3));
    corrupt.writeInt32BE(-12, 8);
    const r = read(Buffer.concat([await batch(0, msgs("a", 2)), corrupt]), 0);
    expect(r.out.map((m) => m.offset)).toEqual([0, 1]);
    expect(r.nextOffset).toBe(5);
    expect(r.unreadable).toEqual([
      { firstOffset: 2, lastOffset: 4, records: 3, reason: expect.stringContaining("corrupt record batch") },
    ]);
  });

  it("keeps the records before a malformed one and skips the rest of its batch", async () => {
    const b = await batch(0, msgs("a", 3));
    // The last record ("ak2", 15-byte value) is its 1-byte length and 24 bytes (attributes,
    // timestamp and offset deltas, key length, key, value length, value, header count).
    expect(read(b, 0).out.length).toBe(3);
    expect(b[b.length - 25]).toBe(24 << 1); // its length, zig-zag encoded
    b[b.length - 25] = 63 << 1; // now it runs past the batch
    const r = read(b, 0);
    expect(r.out.map((m) => m.offset)).toEqual([0, 1]);
    expect(r.unreadable).toEqual([
      { firstOffset: 2, lastOffset: 2, records: 1, reason: expect.stringContaining("malformed record") },
    ]);
    expect(r.nextOffset).toBe(3);
  });

  it("reports unreadable batches in offset order, a malformed record before a later bad codec", async () => {
    const malformed = await batch(0, msgs("a", 3));
    malformed[malformed.length - 25] = 63 << 1; // the last record runs past its batch
    const unknownCodec = await batch(3, msgs("b", 2));
    unknownCodec.writeInt16BE(5, 21);
    const r = read(Buffer.concat([malformed, unknownCodec]), 0);
    expect(r.unreadable?.map((u) => [u.firstOffset, u.lastOffset])).toEqual([
      [2, 2],
      [3, 4],
    ]);
  });

  it("refuses to inflate a gzip batch past the limit (a decompression bomb), reading the rest", async () => {
    const big = [{ key: "k", value: "x".repeat(200_000) }];
    const data = Buffer.concat([
      await batch(0, big, { gzip: true }),
      await batch(1, msgs("a", 1), { gzip: true }),
    ]);
    expect(data.length).toBeLessThan(2000);
    const r = read(data, 0, null, 100_000);
    expect(r.out.map((m) => m.offset)).toEqual([1]);
    expect(r.unreadable).toEqual([
      {
        firstOffset: 0,
        lastOffset: 0,
        records: 1,
        reason: expect.stringContaining("inflates past 100000 bytes"),
      },
    ]);
    expect(read(data, 0).out.map((m) => m.offset)).toEqual([0, 1]); // under the default limit
  });

  it("reads nothing from an empty records field", () => {
    expect(read(Buffer.alloc(0), 5)).toEqual({ out: [], nextOffset: 5, unreadable: null });
  });
});
