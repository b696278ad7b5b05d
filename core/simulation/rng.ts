/**
 * Seeded pseudo-random numbers for the simulator. Everything random in a simulated launch comes
 * from an {@link Rng}, so the same seed gives the same events, byte for byte. The generator is
 * sfc32 (small, fast, passes PractRand to 2^39 bytes), seeded from a string through cyrb128.
 */

/** A source of uniform numbers in [0, 1). Inject one to make a component deterministic. */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
}

/** Hashes a string into four 32-bit words (cyrb128). Used to turn seeds and stream names into state. */
export function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * Creates an sfc32 generator for `seed`. `stream` names an independent sequence for the same
 * seed (arrivals, shops, api...), so one component drawing more numbers never shifts another's.
 */
export function createRng(seed: string, stream = ""): Rng {
  let [a, b, c, d] = hashSeed(`${seed}\u0000${stream}`);
  const step = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up so similar seeds diverge before the first number is used.
  for (let i = 0; i < 15; i++) step();
  return { next: () => step() / 4294967296 };
}

/** A stateless 32-bit integer mix (murmur3 finalizer), for ids derived from sequence numbers. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
