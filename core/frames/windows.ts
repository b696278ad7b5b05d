/**
 * The rolling windows every count and rate is reported over: declared once, here. Frames, the
 * aggregator, the combiner, history and the views all derive from this table, so adding a window
 * is one line (plus tests); the per-second rings are sized from the longest window, and a setting
 * that would push it out of them is refused at start (`ringFitError`).
 */

/** Name and length of each window, shortest first. */
export const windowTable = [
  { name: "10s", seconds: 10 },
  { name: "1m", seconds: 60 },
  { name: "5m", seconds: 300 },
  { name: "15m", seconds: 900 },
] as const;

export type WindowName = (typeof windowTable)[number]["name"];
/** Event counts per rolling window; divide by the window length for a rate. */
export type WindowCounts = Record<WindowName, number>;

export const windowNames: readonly WindowName[] = windowTable.map((w) => w.name);
/** Window lengths in seconds, in `windowNames` order. */
export const windowSeconds: readonly number[] = windowTable.map((w) => w.seconds);
/** Length of a window by name, in seconds. */
export const secondsOf: Readonly<Record<WindowName, number>> = Object.fromEntries(
  windowTable.map((w) => [w.name, w.seconds]),
) as Record<WindowName, number>;
/** The window current rates ("requests/s", utilization) are read over. */
export const rateWindow = "10s" satisfies WindowName;

/** Per-second rate of `counts` over `window` (default the rate window). */
export function perSecond(counts: WindowCounts, window: WindowName = rateWindow): number {
  return counts[window] / secondsOf[window];
}

/** The longest window: what the rings must hold and what a restart re-reads. */
export const longestWindowSeconds = Math.max(...windowSeconds);

/**
 * Seconds a ring keeps beyond the window it serves: the minute a partition may count ahead of the
 * closable end (core/pipeline/alignment; at least the lateness `LW_GRACE_MS` + 2 s) and the
 * frame between closes (`LW_FRAME_INTERVAL_MS`), rounded up to a power of two.
 */
const RING_HEADROOM_SECONDS = 64;

/** One-second slots of a ring that serves windows up to `seconds` long (1024 for 15 minutes, 128 for one). */
export function ringSlotsFor(seconds: number): number {
  return 2 ** Math.ceil(Math.log2(seconds + RING_HEADROOM_SECONDS));
}

/** Slots of the rings every window is summed from. */
export const ringSlots = ringSlotsFor(longestWindowSeconds);

/** Alignment's allowance ahead of the closable end (core/pipeline/alignment `defaultMaxAheadMs`). */
const ALIGNMENT_AHEAD_MS = 60_000;

/** Seconds past a window's end that may already be counted while it is read (see RING_HEADROOM_SECONDS). */
export function secondsAheadOfWindow({
  graceMs,
  frameIntervalMs = 1000,
}: {
  graceMs: number;
  frameIntervalMs?: number;
}): number {
  return Math.ceil((Math.max(ALIGNMENT_AHEAD_MS, graceMs + 2000) + frameIntervalMs) / 1000) + 1;
}

/**
 * Why these settings do not fit the rings (null when they do): a ring would overwrite seconds of
 * a window still being read, silently clamping it. Every window is checked against a ring of
 * its own length, the smallest any of them is read from.
 */
export function ringFitError(opts: { graceMs: number; frameIntervalMs?: number }): string | null {
  const ahead = secondsAheadOfWindow(opts);
  for (const w of windowTable) {
    const slots = ringSlotsFor(w.seconds);
    if (w.seconds + ahead > slots)
      return (
        `the ${w.name} window and ${ahead} s counted ahead of it (lateness, alignment, a frame) need ` +
        `${w.seconds + ahead} one-second slots; its ring keeps ${slots}`
      );
  }
  return null;
}

/** All windows at zero: the one empty-counts builder. */
export function zeroWindowCounts(): WindowCounts {
  const w = {} as WindowCounts;
  for (const name of windowNames) w[name] = 0;
  return w;
}

/** Adds `from` into `into` window by window; returns `into`. */
export function addWindowCounts(into: WindowCounts, from: WindowCounts): WindowCounts {
  for (const name of windowNames) into[name] += from[name];
  return into;
}

/** Counts at a steady `perSecond` rate over every window (rounded): fixtures and fakes. */
export function windowCountsAtRate(perSecond: number): WindowCounts {
  return windowCountsOf((i) => Math.round(perSecond * windowSeconds[i]!));
}

/** Counts per window from a per-window list in `windowNames` order (`at(i)` is window i's count). */
export function windowCountsOf(at: (i: number) => number): WindowCounts {
  const w = {} as WindowCounts;
  for (let i = 0; i < windowNames.length; i++) w[windowNames[i]!] = at(i);
  return w;
}
