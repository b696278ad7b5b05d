/** Event times of a source mapping: epoch milliseconds, epoch seconds, or ISO-8601 with a zone. */

export const timestampFormats = ["epoch_ms", "epoch_s", "iso8601"] as const;
export type TimestampFormat = (typeof timestampFormats)[number];

/** `2026-02-06T10:00:00.123+08:00`, `...Z`: a zone is required (a local time is ambiguous). */
const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms from `value` in `format`, or the reason it is not one. */
export function readTimestamp(value: unknown, format: TimestampFormat): number | string {
  if (format === "iso8601") {
    if (typeof value === "string") {
      const fast = isoFast(value);
      if (fast !== null) return fast;
    }
    const bad = `not an ISO-8601 time with a zone: ${JSON.stringify(value)}`;
    if (typeof value !== "string" || !iso.test(value)) return bad;
    // Date.parse rolls 30 February over to 2 March: a day its month does not have is refused.
    const mo = digits(value, 5, 2);
    if (mo < 1 || mo > 12 || digits(value, 8, 2) > daysInMonth(digits(value, 0, 4), mo)) return bad;
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : bad;
  }
  const n = typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0)
    return `not an epoch ${format === "epoch_s" ? "seconds" : "milliseconds"} time: ${JSON.stringify(value)}`;
  return format === "epoch_s" ? Math.round(n * 1000) : Math.round(n);
}

/** Days of month `mo` (1-12) of year `y` (proleptic Gregorian, as Date does). */
export function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

const digits = (s: string, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

const scratch = new Uint8Array(40);

/** {@link isoFastBytes} of a string (copied into bytes when short and ASCII). */
function isoFast(s: string): number | null {
  const n = s.length;
  if (n > scratch.length) return null;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return null;
    scratch[i] = c;
  }
  return isoFastBytes(scratch, 0, n);
}

const num = (b: Uint8Array, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

/**
 * `YYYY-MM-DDTHH:MM:SS.mmm+HH:MM` or `...Z` (the common form, milliseconds optional) in
 * `b[from, to)`, without a regular expression, a string or Date.parse; null for anything else
 * (the general path decides). The byte reader of a mapping (path-scan.ts) reads times with it
 * straight from a record's bytes, and {@link readTimestamp} with it first, so both agree.
 */
export function isoFastBytes(b: Uint8Array, from: number, to: number): number | null {
  const n = to - from;
  if (
    n < 20 ||
    b[from + 4] !== 0x2d ||
    b[from + 7] !== 0x2d ||
    b[from + 10] !== 0x54 ||
    b[from + 13] !== 0x3a ||
    b[from + 16] !== 0x3a
  )
    return null;
  const y = num(b, from, 4);
  const mo = num(b, from + 5, 2);
  const d = num(b, from + 8, 2);
  const h = num(b, from + 11, 2);
  const mi = num(b, from + 14, 2);
  const sec = num(b, from + 17, 2);
  let i = 19;
  let ms = 0;
  if (b[from + i] === 0x2e) {
    if (n < 24) return null;
    ms = num(b, from + 20, 3);
    i = 23;
  }
  let offset = 0;
  const z = b[from + i];
  if (z === 0x5a && i === n - 1) offset = 0;
  else if ((z === 0x2b || z === 0x2d) && i === n - 6 && b[from + i + 3] === 0x3a) {
    const oh = num(b, from + i + 1, 2);
    const om = num(b, from + i + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return null;
    offset = (z === 0x2b ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return null;
  if (
    y < 0 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    sec < 0 ||
    sec > 59 ||
    ms < 0
  )
    return null;
  // Date.UTC rolls 31 February over to March: a day past its month's end is no date.
  if (d > 28 && d > daysInMonth(y, mo)) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  return t > offset ? t - offset : null;
}
