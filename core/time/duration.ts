/**
 * Durations as Prometheus and Alertmanager write them (Go's `model.Duration`): units from years
 * to milliseconds, largest first, each at most once: `500ms`, `30s`, `1h30m`, `1d`, `1w`,
 * `1y2w3d4h5m6s7ms`; `0` alone means zero. A year is 365 days, a week 7. As Go's
 * `time.ParseDuration` also allows, a unit may take a fraction (`1.5h`); the result is rounded to
 * whole milliseconds. The one parser of
 * every duration Launchwatch reads: alerting.yaml, alert rules, HTTP input.
 */
import { z } from "zod";

const units = [
  ["y", 365 * 86_400_000],
  ["w", 7 * 86_400_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
] as const;

const n = "(\\d+(?:\\.\\d+)?)";
const pattern = new RegExp(`^(?:${n}y)?(?:${n}w)?(?:${n}d)?(?:${n}h)?(?:${n}m)?(?:${n}s)?(?:${n}ms)?$`);

/** What a bad duration is told (shown after the setting's path). */
export const durationHint = "a duration like 500ms, 30s, 1h30m, 1d or 1w";

/** Parses a duration into milliseconds, or null when `s` is not one. */
export function tryParseDuration(s: string): number | null {
  if (s === "0") return 0;
  if (s === "") return null;
  const m = pattern.exec(s);
  if (!m) return null;
  let ms = 0;
  for (let i = 0; i < units.length; i++) {
    const v = m[i + 1];
    if (v !== undefined) ms += Number(v) * units[i]![1];
  }
  ms = Math.round(ms);
  return Number.isSafeInteger(ms) ? ms : null;
}

/** Parses a duration into milliseconds; throws naming the text otherwise. */
export function parseDuration(s: string): number {
  const ms = tryParseDuration(s);
  if (ms === null) throw new Error(`not a duration: ${JSON.stringify(s)} (${durationHint})`);
  return ms;
}

/** Milliseconds as Prometheus prints a duration: `1h30m`, `2d`, `500ms`, `0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "0s";
  let rest = Math.round(ms);
  let out = "";
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

const toMs = (v: string | number, ctx: z.RefinementCtx): number => {
  if (typeof v === "number") return v;
  const ms = tryParseDuration(v);
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: durationHint });
    return z.NEVER;
  }
  return ms;
};

/** A duration written as text (query parameters, JSON input): `1h30m`, `1d`, into milliseconds. */
export const DurationTextSchema = z.string().transform(toMs);

/** A duration in config or input: text as above, or a non-negative whole number of milliseconds. */
export const DurationSchema = z.union([z.number().int().nonnegative(), z.string()]).transform(toMs);
