/**
 * How the time-to-saturation forecast reads (core/capacity/saturation.ts): 0 means the fitted
 * rate is already at or over capacity, which is a state ("saturated"), not a countdown of "0 s".
 */

/** `seconds` from `secondsToSaturation`: null (not climbing toward capacity) reads "–". */
export function saturationText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "–";
  if (seconds <= 0) return "saturated";
  if (seconds < 1) return "in under 1 s";
  return `in ${Math.round(seconds).toLocaleString("en-US")} s`;
}
