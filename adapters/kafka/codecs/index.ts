/**
 * Every record-batch codec Kafka has, by its number in the batch attributes: 0 none, 1 gzip,
 * 2 snappy, 3 lz4, 4 zstd. Decompression is bounded: a batch inflating past `maxBytes` is
 * refused with a {@link KafkaCodecError} naming the codec and the limit, never an out-of-memory.
 * Used by the fast consumer's reader and, registered with kafkajs, by its consumers.
 */
import { KafkaCodecError } from "../wire/errors";
import { gunzip, gzip } from "./gzip";
import { lz4, unlz4 } from "./lz4";
import { snappy, unsnappy } from "./snappy";
import { unzstd, zstd } from "./zstd";

export const codecNames = ["none", "gzip", "snappy", "lz4", "zstd"] as const;
export type CodecName = (typeof codecNames)[number];

/** Default bound of one batch's decompressed size (64 MiB). */
export const defaultMaxDecompressedBytes = 64 * 1024 * 1024;

const decoders: Record<number, (input: Buffer, maxBytes: number) => Buffer> = {
  1: gunzip,
  2: unsnappy,
  3: unlz4,
  4: unzstd,
};

const encoders: Record<number, (input: Buffer) => Buffer> = { 1: gzip, 2: snappy, 3: lz4, 4: zstd };

/** The name of codec `codec` (`codec 7` when Kafka has none by that number). */
export function codecName(codec: number): string {
  return codecNames[codec] ?? `codec ${codec}`;
}

/** The records of a compressed batch. Throws {@link KafkaCodecError} (unknown codec, corrupt, over `maxBytes`). */
export function decompress(codec: number, input: Buffer, maxBytes: number): Buffer {
  if (codec === 0) {
    if (input.length > maxBytes)
      throw new KafkaCodecError("none", `batch of ${input.length} bytes past ${maxBytes}`, true);
    return input;
  }
  const decode = decoders[codec];
  if (!decode)
    throw new KafkaCodecError(
      codecName(codec),
      `${codecName(codec)}: no such Kafka compression codec`,
      false,
    );
  return decode(input, maxBytes);
}

/** Compresses `input` with `codec` (for producers and tests). */
export function compress(codec: number, input: Buffer): Buffer {
  if (codec === 0) return input;
  const encode = encoders[codec];
  if (!encode)
    throw new KafkaCodecError(
      codecName(codec),
      `${codecName(codec)}: no such Kafka compression codec`,
      false,
    );
  return encode(input);
}
