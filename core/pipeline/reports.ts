/**
 * The last frame header of every worker heard from, kept after it goes silent (for "No data
 * from worker X" and the `no-data` alert) until `forgetAfterMs`. Pure: times come in.
 */
import type { Frame, SecondPoint } from "../frames/frame";
import type { SourceReport } from "./source-report";

export interface ReportBook {
  add(frame: Frame, now: number): void;
  /** The workers heard from within `forgetAfterMs` of `now`. */
  list(now: number): SourceReport[];
  clear(): void;
}

/**
 * Whether a silent worker's partitions are all read by a worker that reports: it was replaced
 * (a restart gets a new id, a rebalance moved its partitions), not lost. Without its partition
 * list (no pipeline health) nothing can be said, and it counts as lost.
 */
export function takenOver(silent: SourceReport, live: readonly SourceReport[]): boolean {
  const mine = silent.pipeline?.partitions ?? [];
  if (mine.length === 0) return false;
  const read = new Set<string>();
  for (const r of live) for (const p of r.pipeline?.partitions ?? []) read.add(`${p.topic}/${p.partition}`);
  return mine.every((p) => read.has(`${p.topic}/${p.partition}`));
}

const hasData = (p: SecondPoint) =>
  p.orders.created + p.orders.accepted + p.orders.made + p.orders.failed > 0 ||
  p.downloads.install + p.downloads.update + p.downloads.invite > 0 ||
  Object.values(p.api).some((a) => a.requests > 0);

/** Event-time ms of the earliest second with any data among `seconds` (null: none). */
function firstDataSecond(seconds: readonly SecondPoint[]): number | null {
  let t: number | null = null;
  for (const p of seconds) if (hasData(p) && (t === null || p.t < t)) t = p.t;
  return t === null ? null : t * 1000;
}
const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

export function createReportBook({ forgetAfterMs }: { forgetAfterMs: number }): ReportBook {
  const reports = new Map<string, SourceReport>();
  return {
    add(frame, now) {
      const prev = reports.get(frame.source);
      const moved =
        !prev || (frame.watermark !== null && (prev.watermark === null || frame.watermark > prev.watermark));
      reports.set(frame.source, {
        source: frame.source,
        receivedAt: now,
        emittedAt: frame.emittedAt,
        watermark: frame.watermark,
        watermarkMovedAt: moved || !prev ? now : prev.watermarkMovedAt,
        firstDataAt: minOf(prev?.firstDataAt ?? null, firstDataSecond(frame.seconds)),
        pipeline: frame.pipeline,
      });
    },
    list(now) {
      for (const [src, r] of reports) if (now - r.receivedAt > forgetAfterMs) reports.delete(src);
      return [...reports.values()];
    },
    clear: () => reports.clear(),
  };
}
