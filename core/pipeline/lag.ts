/**
 * Consumer lag of one worker, from its positions and the log end offsets read from the broker
 * (as Burrow and kafka-lag-exporter do): messages behind the log end, and seconds behind, the
 * wall time since the log end passed the worker's position (from a history of log-end samples).
 * Pure: times come in as arguments.
 */

export interface PartitionLag {
  /** Log end offset last read (null: not read yet). */
  logEnd: number | null;
  /** Messages behind the log end (null: log end unknown). */
  messages: number | null;
  /** Wall-clock seconds the next unread message has waited (null: unknown; 0: caught up). */
  seconds: number | null;
}

export interface LagTracker {
  /** Records a partition's log end offset as read at wall time `at` (ms). */
  logEnd(key: string, at: number, end: number): void;
  lag(key: string, position: number, now: number): PartitionLag;
  /** The partition's log end offset last read (null: not read yet). */
  lastEnd(key: string): number | null;
  /** Wall ms the partition's log end was first seen at its current value (null: not read yet). */
  lastEndAt(key: string): number | null;
  /** Records the sums of positions and of log ends at `at`, for the rates. */
  progress(at: number, positions: number, logEnds: number): void;
  /** Messages per second consumed and produced over the rate window (null: too few samples). */
  rates(): { consumedPerSec: number; producedPerSec: number } | null;
  forget(key: string): void;
}

/**
 * @param keepMs log-end history kept per partition (default 1 h: lag seconds beyond it read as "at least")
 * @param rateWindowMs span the rates are measured over (default 10 s)
 */
export function createLagTracker({
  keepMs = 3_600_000,
  rateWindowMs = 10_000,
}: {
  keepMs?: number;
  rateWindowMs?: number;
} = {}): LagTracker {
  /** Per partition: when each log end was first seen, oldest first; ends strictly increase. */
  const history = new Map<string, Array<{ at: number; end: number }>>();
  const progress: Array<{ at: number; positions: number; logEnds: number }> = [];
  return {
    logEnd(key, at, end) {
      let h = history.get(key);
      if (!h) history.set(key, (h = []));
      const last = h[h.length - 1];
      if (!last || end > last.end) h.push({ at, end });
      else if (end < last.end) h.splice(0, h.length, { at, end }); // topic recreated
      while (h.length > 2 && h[1]!.at < at - keepMs) h.shift();
    },
    lag(key, position, now) {
      const h = history.get(key);
      const last = h?.[h.length - 1];
      if (!h || !last) return { logEnd: null, messages: null, seconds: null };
      const messages = Math.max(0, last.end - position);
      if (messages === 0) return { logEnd: last.end, messages, seconds: 0 };
      // The first sample whose end passed `position`: the next unread message was there by then.
      let lo = 0;
      let hi = h.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (h[mid]!.end > position) hi = mid;
        else lo = mid + 1;
      }
      return { logEnd: last.end, messages, seconds: Math.max(0, (now - h[lo]!.at) / 1000) };
    },
    progress(at, positions, logEnds) {
      progress.push({ at, positions, logEnds });
      while (progress.length > 2 && progress[1]!.at <= at - rateWindowMs) progress.shift();
    },
    rates() {
      const first = progress[0];
      const last = progress[progress.length - 1];
      if (!first || !last || last.at - first.at < 1000) return null;
      const dt = (last.at - first.at) / 1000;
      return {
        consumedPerSec: Math.max(0, (last.positions - first.positions) / dt),
        producedPerSec: Math.max(0, (last.logEnds - first.logEnds) / dt),
      };
    },
    lastEnd(key) {
      const h = history.get(key);
      return h?.[h.length - 1]?.end ?? null;
    },
    lastEndAt(key) {
      const h = history.get(key);
      return h?.[h.length - 1]?.at ?? null;
    },
    forget: (key) => void history.delete(key),
  };
}
