/** Types of the pure-JS codec packages that ship none (only what codecs/ uses). */
declare module "lz4js" {
  /** Decodes one LZ4 block into `dst` from `dIndex`; returns the end index (which may pass `dst.length`: writes past it are dropped). */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
  /** Encodes `src[sIndex, sIndex + sLength)` as one LZ4 block into `dst` from 0; returns its size (0: incompressible). */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  export function compressBound(n: number): number;
}

declare module "lz4js/xxh32" {
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}

declare module "snappyjs" {
  /** Decodes raw snappy; throws when the stated length passes `maxLength`. */
  export function uncompress<T extends Uint8Array>(compressed: T, maxLength?: number): T;
  export function compress<T extends Uint8Array>(uncompressed: T): T;
}
