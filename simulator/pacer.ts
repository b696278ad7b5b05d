/**
 * Paces the simulated clock against the wall clock: at speed N, simulated second s is sent
 * s / N real seconds after the start; a rate limit holds events to at most EPS per real second.
 * With speed `max` and no limit it never waits.
 */

export interface Pacer {
  /** Waits until simulated second `second` may be sent, given `sent` events so far. */
  wait(second: number, sent: number): Promise<void>;
}

/**
 * @param speed simulated seconds per real second, or `max`
 * @param rateLimit events per real second, or null
 * @param clock milliseconds, monotonic (default performance.now)
 * @param sleep waits `ms` (default setTimeout; resolve early to stop waiting, e.g. on Ctrl-C)
 */
export function createPacer({
  speed,
  rateLimit = null,
  clock = () => performance.now(),
  sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
}: {
  speed: number | "max";
  rateLimit?: number | null;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): Pacer {
  let start: number | null = null;
  return {
    async wait(second, sent) {
      const now = clock();
      start ??= now;
      let due = start;
      if (speed !== "max") due = Math.max(due, start + (second / speed) * 1000);
      if (rateLimit !== null) due = Math.max(due, start + (sent / rateLimit) * 1000);
      if (due > now) await sleep(due - now);
    },
  };
}
