/** Event times of a source mapping: epoch milliseconds, epoch seconds, or ISO-8601 with a zone. */

export const timestampFormats = ["epoch_ms", "epoch_s", "iso8601"] as const;
export type TimestampFormat = (typeof timestampFormats)[number];

/** `2026-02-06T10:00:00.123+08:00`, `...Z`: a zone is required (a local time is ambiguous). */
const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms from `value` in `format`, or the reason it is not one. */
export function readTimestamp(value: unknown, format: TimestampFormat): number | string {
  if (format === "iso8601") {
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
