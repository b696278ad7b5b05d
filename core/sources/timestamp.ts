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
    if (typeof value !== "string" || !iso.test(value))
      return `not an ISO-8601 time with a zone: ${JSON.stringify(value)}`;
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : `not an ISO-8601 time with a zone: ${JSON.stringify(value)}`;
  }
  const n = typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0)
    return `not an epoch ${format === "epoch_s" ? "seconds" : "milliseconds"} time: ${JSON.stringify(value)}`;
  return format === "epoch_s" ? Math.round(n * 1000) : Math.round(n);
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

/**
 * `YYYY-MM-DDTHH:MM:SS.mmm+HH:MM` or `...Z` (the common form, milliseconds optional) without a
 * regular expression or Date.parse; null for anything else (the general path decides).
 */
function isoFast(s: string): number | null {
  const n = s.length;
  if (n < 20 || s[4] !== "-" || s[7] !== "-" || s[10] !== "T" || s[13] !== ":" || s[16] !== ":") return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  let i = 19;
  let ms = 0;
  if (s[i] === ".") {
    if (n < 24) return null;
    ms = digits(s, 20, 3);
    i = 23;
  }
  let offset = 0;
  if (s[i] === "Z" && i === n - 1) offset = 0;
  else if ((s[i] === "+" || s[i] === "-") && i === n - 6 && s[i + 3] === ":") {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return null;
    offset = (s[i] === "+" ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return null;
  if (
    y < 0 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > 31 ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    sec < 0 ||
    sec > 59 ||
    ms < 0
  )
    return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  // Date.UTC rolls 31 February over to March: refuse what does not round-trip.
  if (new Date(t).getUTCDate() !== d) return null;
  return t > offset ? t - offset : null;
}
