/** The progress line the simulator prints to stderr every couple of seconds. */

export interface Progress {
  /** Messages sent so far. */
  sent: number;
  /** Messages per real second since the previous line. */
  rate: number;
  /** Simulated seconds since launch. */
  second: number;
  /** Simulated clock, epoch ms. */
  simMs: number;
  ordersCreated: number;
  /** Share of API requests that failed so far. */
  apiErrorRate: number;
}

const fmt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

const hms = (sec: number) => {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
};

/** Formats a progress line. The simulated clock is shown in the launch's time zone (UTC+8). */
export function formatProgress(p: Progress): string {
  const local = new Date(p.simMs + 8 * 3600_000).toISOString().slice(11, 19);
  return (
    `[simulate] ${local} (+${hms(p.second)}) | sent ${fmt.format(p.sent)} (${fmt.format(p.rate)}/s)` +
    ` | orders ${fmt.format(p.ordersCreated)} | api errors ${(p.apiErrorRate * 100).toFixed(1)}%`
  );
}
