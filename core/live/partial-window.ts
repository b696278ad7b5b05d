/**
 * Windows that reach back before the first data are partial (docs/DASHBOARD.md, "Partial
 * windows"): right after a worker starts (or restarts under a new id) or right after the stream
 * begins, its 10-s window holds fewer than 10 measured seconds, and dividing by 10 would show a
 * rate too low, down to a measured-looking zero. Such a rate is over the seconds measured and
 * tagged PARTIAL; under one measured second there is no rate. Pure.
 */
import { rateWindow, secondsOf } from "../frames/windows";

/** The rate window (core/frames/windows.ts `rateWindow`, 10 s), in ms. */
const windowMs = secondsOf[rateWindow] * 1000;

export interface PartialWindow {
  /** The window holds fewer than its 10 s of measured data. */
  partial: boolean;
  /** Per-second rate over the measured seconds from a rate over 10 s (null: under 1 s measured). */
  rate(perSecOver10s: number): number | null;
}

/** From the status's `windowCoveredMs` (null: unknown, taken as full, as before this rule). */
export function partialWindow(coveredMs: number | null): PartialWindow {
  if (coveredMs === null || coveredMs >= windowMs) return { partial: false, rate: (r) => r };
  const seconds = Math.floor(coveredMs / 1000);
  return {
    partial: true,
    rate: (r) => (seconds < 1 ? null : (r * windowMs) / 1000 / seconds),
  };
}
