import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { KafkaCodecError } from "../wire/errors";
import { codecName, compress, decompress } from "./index";
import { unzstd } from "./zstd";

/** What the fixtures below hold: made with the zstd and lz4 command-line tools. */
const text = Buffer.from(Array.from({ length: 300 }, (_, i) => `line ${i} of the launch\n`).join(""));
/** `zstd -19` of {@link text}. */
const textZstd = Buffer.from(
  "KLUv/WSGGfUKAGZgPBWQGaTFp4aFivfu9qSV3b1TCup6AxBGAC0ALwBCoVAoHGOMMcYY4+7u7u7OzMzMzKyqqqqqioiIiIhoZmZmZkZERERE5P//VVV1nBWNLECBAMJCwMEwUKAwECQMYhhAMDgIZVmWZVmWZUmSJEmSJEmS4ziO4ziO4yiKoiiKoiiKu7u7u7uqqqqqqkKhUCgMsizL8v////+/u7u7u7tYLBaLxWKxWDwcDofD4XA4HJ7neZ7neZ6naZqmaZqmaQYPDw8PDw8PDw8PD3/f933ft23btm3btm3XdV3XdV3XNU3TNE3TNE3P8zzP8zzPsyzLshyBLKgRYPn9O7FHJecRJAR/QtDgD9OaFv7BAUggEBAIBAgEAgKBgIBAQCAQEAgvndDqrMyqrGQ1VmINK2C9Wa12s11tZ9va5ra6zW61m91+tVftqlx1q7VqVmPVq7Za2cEwGAbDoB0EEfCrF5BwBg==",
  "base64",
);
/** `zstd -19` of 10,000,000 zero bytes. */
const zerosZstd = Buffer.from(
  "KLUv/YRogJaYAEwAAAgAAQD8/zkQAgIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAIAEAACABAAAgAQAAO0BACS0mHP",
  "base64",
);
/** `lz4` (CLI defaults: 4 MiB blocks, content checksum) of {@link text}. */
const textLz4 = Buffer.from(
  "BCJNGGRAp/YFAADxBmxpbmUgMCBvZiB0aGUgbGF1bmNoChUAHzEVAAEfMhUAAR8zFQABHzQVAAEfNRUAAR82FQABHzcVAAEfOBUAAR85FQABHzHTAAMP1AACHzHVAAIfMdYAAh8x1wACHzHYAAIfMdkAAh8x2gACHzHbAAIfMdwAAh8y3AACHzLcAAIfMtwAAh8y3AACHzLcAAIfMtwAAh8y3AACHzLcAAIfMtwAAh8y3AACHzPcAAIfM9wAAh8z3AACHzPcAAIfM9wAAh8z3AACHzPcAAIfM9wAAh8z3AACHzPcAAIfNNwAAh803AACHzTcAAIfNNwAAh803AACHzTcAAIfNNwAAh803AACHzTcAAIfNNwAAh813AACHzXcAAIfNdwAAh813AACHzXcAAIfNdwAAh813AACHzXcAAIfNdwAAh813AACHzbcAAIfNtwAAh823AACHzbcAAIfNtwAAh823AACHzbcAAIfNtwAAh823AACHzbcAAIfN9wAAh833AACHzfcAAIfN9wAAh833AACHzfcAAIfN9wAAh833AACHzfcAAIfN9wAAh843AACHzjcAAIfONwAAh843AACHzjcAAIfONwAAh843AACHzjcAAIfONwAAh843AACHzncAAIfOdwAAh853AACHzncAAIfOdwAAh853AACHzncAAIfOdwAAh853AACHzncAAIvMTDdAAIvMTDeAAIvMTDfAAIvMTDgAAIvMTDhAAIvMTDiAAIvMTDjAAIvMTDkAAIvMTDlAAIvMTDmAAMPowgFD+YAAw+lCAQfMeYAAw+nCAQPqAgED6kIBA+qCAQPqwgED6wIAx8xrQgDHzGuCAMfMa8IAx8xsAgDHzGxCAMfMbIIAx8xswgDHzG0CAMfMbUIAx8xtggDHzG3CAMfMbgIAx8xuQgDHzG6CAMfMbsIAx8xvAgDHzG9CAMfMb4IAx8xvwgDHzHACAMfMcEIAx8xwggDHzHDCAMfMcQIAx8xxQgDHzHGCAMfMccIAx8xyAgDHzHJCAMfMcoIAx8xywgDHzHMCAMfMc0IAx8xzggDHzHPCAMfMdAIAx8x0QgDHzHSCAMfMdMIAx8x1AgDHzHVCAMvMTZ+BAMP1wgDHzHYCAMfMdkIAx8x2ggDHzHbCAMfMdwIAx8x3QgDHzHeCAMfMd8IAx8x4AgDHzHhCAMfMeIIAx8x4wgDHzHkCAMfMeUIAx8x5ggDHzHnCAMfMegIAx8x6QgDHzHqCAMfMesIAx8x7AgDLzE4MAcDD+4IAx8x7wgDHzHwCAMfMfEIAx8x8ggDHzHzCAMfMfQIAx8x9QgDHzH2CAMfMfcIAx8x+AgDHzH5CAMfMfoIAx8x+wgDHzH8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDLzIxfgQCHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDHzL8CAMfMvwIAx8y/AgDGDL8CFB1bmNoCgAAAACUXmyC",
  "base64",
);

const records = Buffer.from(
  Array.from({ length: 5000 }, (_, i) => `{"type":"order","id":"o-${i}","shopId":${i % 97}}`).join(""),
);

const refusal = (fn: () => unknown) => {
  try {
    fn();
    return "decompressed";
  } catch (err) {
    expect(err).toBeInstanceOf(KafkaCodecError);
    const e = err as KafkaCodecError;
    return { codec: e.codec, overLimit: e.overLimit, message: e.message };
  }
};

describe("record-batch codecs", () => {
  it.each([1, 2, 3])("%s: what is compressed decompresses to the same bytes", (codec) => {
    const packed = compress(codec, records);
    expect(packed.length).toBeLessThan(records.length / 2);
    expect(decompress(codec, packed, records.length).equals(records)).toBe(true);
  });

  it("reads what other implementations wrote: zstd and lz4 command-line tools, snappy raw and framed", () => {
    expect(decompress(4, textZstd, 1 << 20).equals(text)).toBe(true);
    expect(unzstd(textZstd, 1 << 20, false).equals(text)).toBe(true);
    expect(decompress(3, textLz4, 1 << 20).equals(text)).toBe(true);
    // librdkafka writes raw snappy, the Java client snappy-java's framing: both read.
    const framed = compress(2, records);
    expect(framed.subarray(1, 7).toString()).toBe("SNAPPY");
    const raw = framed.subarray(16 + 4, 16 + 4 + framed.readInt32BE(16));
    expect(decompress(2, raw, 1 << 20).equals(records.subarray(0, 32 * 1024))).toBe(true);
    expect(decompress(1, gzipSync(text), 1 << 20).equals(text)).toBe(true);
  });

  it("refuses a batch inflating past the limit, naming the codec and the limit", () => {
    const zeros = Buffer.alloc(10_000_000);
    const limit = 1_000_000;
    for (const [codec, packed] of [
      [1, compress(1, zeros)],
      [2, compress(2, zeros)],
      [3, compress(3, zeros)],
      [4, zerosZstd],
    ] as const) {
      expect(packed.length).toBeLessThan(600_000);
      const r = refusal(() => decompress(codec, packed, limit));
      expect(r).toMatchObject({ codec: codecName(codec), overLimit: true });
      expect(JSON.stringify(r)).toContain(`${codecName(codec)} batch inflates past 1000000 bytes`);
    }
    expect(refusal(() => unzstd(zerosZstd, limit, false))).toMatchObject({ codec: "zstd", overLimit: true });
    // Exactly at the limit is fine.
    expect(decompress(3, compress(3, zeros), zeros.length).length).toBe(zeros.length);
  });

  it("refuses corrupt input and unknown codecs without hanging", () => {
    for (const codec of [1, 2, 3, 4]) {
      const packed = codec === 4 ? textZstd : compress(codec, records);
      const cut = packed.subarray(0, Math.floor(packed.length / 2));
      expect(refusal(() => decompress(codec, cut, 1 << 20))).toMatchObject({
        codec: codecName(codec),
        overLimit: false,
      });
      expect(refusal(() => decompress(codec, Buffer.from("garbage bytes"), 1 << 20))).toMatchObject({
        overLimit: false,
      });
    }
    // An lz4 block claiming more bytes than the frame has.
    const lying = Buffer.from(textLz4);
    lying.writeUInt32LE(0x7fffffff & 0x3fffff, 7);
    expect(refusal(() => decompress(3, lying, 1 << 20))).toMatchObject({ codec: "lz4", overLimit: false });
    expect(refusal(() => decompress(6, records, 1 << 20))).toMatchObject({ codec: "codec 6" });
  });
});
