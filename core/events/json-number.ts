/**
 * JSON numbers read straight from bytes, for the byte-level readers (core/events/scan.ts,
 * core/sources/path-scan.ts): the strict grammar (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`) and the
 * value exactly as `JSON.parse` gives it (correctly rounded, `-0` kept).
 */

/** Is byte `k` of `b` (before `end`) a digit. */
const digitAt = (b: Uint8Array, k: number, end: number): boolean => k < end && b[k]! >= 0x30 && b[k]! <= 0x39;

/** Where the JSON number starting at `i` ends (exclusive; `end` bounds the message), or -1. */
export function jsonNumberEnd(b: Uint8Array, i: number, end: number): number {
  if (i < end && b[i] === 0x2d) i++;
  if (i < end && b[i] === 0x30) i++;
  else if (digitAt(b, i, end)) while (digitAt(b, i, end)) i++;
  else return -1;
  if (i < end && b[i] === 0x2e) {
    i++;
    if (!digitAt(b, i, end)) return -1;
    while (digitAt(b, i, end)) i++;
  }
  if (i < end && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < end && (b[i] === 0x2b || b[i] === 0x2d)) i++;
    if (!digitAt(b, i, end)) return -1;
    while (digitAt(b, i, end)) i++;
  }
  return i;
}

/** The value of the JSON number `b[start, stop)` (as {@link jsonNumberEnd} delimits it). */
export function jsonNumberValue(b: Buffer, start: number, stop: number): number {
  let k = start;
  const neg = b[k] === 0x2d;
  if (neg) k++;
  // Up to 15 digits without a fraction or exponent: exact in a double, summed here.
  if (stop - k <= 15) {
    let n = 0;
    for (; k < stop; k++) {
      const d = b[k]! - 0x30;
      if (d < 0 || d > 9) return Number(b.toString("latin1", start, stop));
      n = n * 10 + d;
    }
    return neg ? -n : n;
  }
  return Number(b.toString("latin1", start, stop));
}
