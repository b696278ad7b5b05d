/**
 * Registers every codec with kafkajs (which ships gzip only), over the same bounded decoders as
 * the fast consumer, so a kafkajs consumer reads snappy, lz4 and zstd batches and a batch
 * inflating past the limit is refused rather than exhausting memory. kafkajs keeps codecs in
 * one module-level table: this sets it for the whole process.
 */
import kafkajs from "kafkajs";
import { compress, decompress, defaultMaxDecompressedBytes } from "./index";

// kafkajs is CommonJS: Node's ESM loader (node --import tsx, as every npm script runs) finds no
// named export CompressionCodecs in it, so the names come from the default export.
const { CompressionCodecs, CompressionTypes } = kafkajs;

const types = [
  CompressionTypes.GZIP,
  CompressionTypes.Snappy,
  CompressionTypes.LZ4,
  CompressionTypes.ZSTD,
] as const;

let registered = false;

/** Sets kafkajs's codecs; `maxBytes` bounds one batch's decompressed size (default 64 MiB). */
export function registerKafkajsCodecs(maxBytes = defaultMaxDecompressedBytes): void {
  registered = true;
  for (const type of types) {
    const codec = {
      compress: async (encoder: { buffer: Buffer }) => compress(type, encoder.buffer),
      decompress: async (buffer: Buffer) => decompress(type, buffer, maxBytes),
    };
    CompressionCodecs[type] = () => codec;
  }
}

/** Registers the codecs with the default limit unless they already are (every kafkajs client does this). */
export function ensureKafkajsCodecs(): void {
  if (!registered) registerKafkajsCodecs();
}
