/**
 * Progress of a replay for a person watching it: share of the events done, the rate over the
 * last few readings and the time left at that rate. Pure: the caller passes the clock's readings.
 */

export interface ReplayProgress {
  done: number;
  total: number;
  /** 0..100; 100 when there is nothing to do. */
  percent: number;
  /** Events per second over the window, null until two readings `minSpanMs` apart. */
  rate: number | null;
  /** Seconds left at `rate`; null while the rate is unknown or 0. */
  etaSec: number | null;
}

/**
 * A meter over `total` events. `read(done, nowMs)` records a reading; the rate is taken over the
 * readings of the last `windowMs` (default 10 s), so a slow start does not skew the ETA for long.
 */
export function createProgressMeter({
  total,
  windowMs = 10_000,
  minSpanMs = 500,
}: {
  total: number;
  windowMs?: number;
  minSpanMs?: number;
}) {
  const readings: { done: number; at: number }[] = [];
  return {
    read(done: number, nowMs: number): ReplayProgress {
      const d = Math.min(Math.max(done, 0), total);
      readings.push({ done: d, at: nowMs });
      while (readings.length > 2 && nowMs - readings[1]!.at >= windowMs) readings.shift();
      const first = readings[0]!;
      const span = nowMs - first.at;
      const rate = span >= minSpanMs ? ((d - first.done) * 1000) / span : null;
      const left = total - d;
      return {
        done: d,
        total,
        percent: total === 0 ? 100 : (d / total) * 100,
        rate,
        etaSec: left === 0 ? 0 : rate && rate > 0 ? left / rate : null,
      };
    },
  };
}

const eta = (sec: number): string => {
  const s = Math.ceil(sec);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
};

/** One line, e.g. `42.0 % of 1,200,000 events · 85,000 events/s · ETA 8 s`. */
export function formatProgress(p: ReplayProgress): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  return [
    `${p.percent.toFixed(1)} % of ${n(p.total)} events`,
    p.rate === null ? "rate …" : `${n(p.rate)} events/s`,
    p.etaSec === null ? "ETA unknown" : `ETA ${eta(p.etaSec)}`,
  ].join(" · ");
}
