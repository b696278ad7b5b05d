import { takenOver } from "./reports";
import type { SourceReport } from "./source-report";

export type PipelineState = "waiting" | "live" | "behind" | "no-data" | "stale";
export type ClockKind = "wall" | "stream";

export type { SourceReport } from "./source-report";

export interface PipelineStatus {
  state: PipelineState;
  /** The compact status line. */
  text: string;
  /** Workers with a frame in the last `silentAfterMs`. */
  reporting: number;
  /** Workers that stopped reporting (kept for `forgetAfterMs`), longest silent first. */
  silent: Array<{ source: string; forMs: number }>;
  /** Largest consumer lag of a reporting worker, wall seconds (null: unknown). */
  lagSeconds: number | null;
  /** Messages behind the log ends over reporting workers (null: unknown). */
  lagMessages: number | null;
  /**
   * The producers' delay, largest over reporting workers (wall seconds; null: none known):
   * records reach Kafka this long after their event time (core/pipeline/event-delay.ts; known
   * on caught-up partitions only). High: the producers are late, not the worker.
   */
  producerDelaySeconds: number | null;
  /** Consumed / produced messages per second (null: unknown or nothing produced). */
  catchUpRate: number | null;
  /** Age of the newest frame, ms (null: none yet). */
  frameAgeMs: number | null;
  /** Event time of the newest closed data every reporting worker has (the stream clock). */
  streamTime: number | null;
  /** Wall clock minus stream clock, ms (null: no stream time). */
  streamBehindWallMs: number | null;
  /**
   * Event-time ms of measured data up to the stream clock every reporting worker has: under 10 s,
   * the 10-s windows are partial (core/live/partial-window.ts). Null: unknown.
   */
  windowCoveredMs: number | null;
  /** Which clock ages, ranges and silences on the page follow. */
  clock: ClockKind;
}

export interface StatusRule {
  /** A worker with no frame for this long is silent: "No data from worker X" (default 10 s). */
  silentAfterMs: number;
  /** Lag above this is "Behind" (default 10 s). */
  behindAfterSec: number;
  /** A watermark that has not moved for this long while frames arrive is "Stale" (default 60 s). */
  staleAfterMs: number;
  /** Silent workers are listed this long, then forgotten (default 10 min). */
  forgetAfterMs: number;
  /** The stream clock is used when the stream is further than this from the wall clock (default 1 h). */
  streamClockAfterMs: number;
}

export const defaultStatusRule: StatusRule = {
  silentAfterMs: 10_000,
  behindAfterSec: 10,
  staleAfterMs: 60_000,
  forgetAfterMs: 600_000,
  streamClockAfterMs: 3_600_000,
};

/** "3 m 12 s", "40 s", "2 h 5 m". */
export function fmtSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

export function pipelineStatus(
  sources: readonly SourceReport[],
  now: number,
  rule: StatusRule = defaultStatusRule,
): PipelineStatus {
  const live = sources.filter((s) => now - s.receivedAt <= rule.silentAfterMs);
  const silent = sources
    .filter((s) => now - s.receivedAt > rule.silentAfterMs && now - s.receivedAt <= rule.forgetAfterMs)
    .filter((s) => !takenOver(s, live))
    .map((s) => ({ source: s.source, forMs: now - s.receivedAt }))
    .sort((a, b) => b.forMs - a.forMs);
  let lagSeconds: number | null = live.length ? 0 : null;
  let lagMessages: number | null = live.length ? 0 : null;
  let producerDelaySeconds: number | null = null;
  let consumed = 0;
  let produced = 0;
  let rates = live.length > 0;
  let streamTime: number | null = null;
  let newestFrame: number | null = null;
  let movedAt = Number.NEGATIVE_INFINITY;
  let dataSince: number | null = null;
  let since = live.length > 0;
  for (const s of live) {
    const p = s.pipeline;
    lagSeconds = lagSeconds === null || p?.lagSeconds == null ? null : Math.max(lagSeconds, p.lagSeconds);
    lagMessages = lagMessages === null || p?.lagMessages == null ? null : lagMessages + p.lagMessages;
    if (p?.producerDelaySeconds != null)
      producerDelaySeconds = Math.max(producerDelaySeconds ?? 0, p.producerDelaySeconds);
    if (p?.consumedPerSec == null || p.producedPerSec == null) rates = false;
    else {
      consumed += p.consumedPerSec;
      produced += p.producedPerSec;
    }
    if (s.watermark !== null)
      streamTime = streamTime === null ? s.watermark : Math.min(streamTime, s.watermark);
    // Its windows hold no measured data before this (it started, restarted, the stream began):
    // the worker's own bound, or the earliest data second its frames showed here if earlier.
    const first = p?.dataSince == null ? null : Math.min(p.dataSince, s.firstDataAt ?? p.dataSince);
    if (first === null) since = false;
    else dataSince = Math.max(dataSince ?? first, first);
    newestFrame = Math.max(newestFrame ?? 0, s.emittedAt);
    movedAt = Math.max(movedAt, s.watermarkMovedAt);
  }
  const catchUpRate = rates && produced > 0 ? consumed / produced : null;
  const streamBehindWallMs = streamTime === null ? null : now - streamTime;
  const clock: ClockKind =
    streamBehindWallMs !== null && Math.abs(streamBehindWallMs) > rule.streamClockAfterMs ? "stream" : "wall";
  const base = {
    reporting: live.length,
    silent,
    lagSeconds,
    lagMessages,
    producerDelaySeconds,
    catchUpRate,
    frameAgeMs: newestFrame === null ? null : Math.max(0, now - newestFrame),
    streamTime,
    streamBehindWallMs,
    windowCoveredMs:
      since && dataSince !== null && streamTime !== null ? Math.max(0, streamTime - dataSince) : null,
    clock,
  };
  if (sources.length === 0) return { ...base, state: "waiting", text: "Waiting for data" };
  if (silent.length > 0) {
    const who = silent.length === 1 ? `worker ${silent[0]!.source}` : `${silent.length} workers`;
    return {
      ...base,
      state: "no-data",
      text: `No data from ${who} for ${fmtSpan(silent[0]!.forMs)}`,
    };
  }
  if (live.length === 0) return { ...base, state: "no-data", text: "No data from any worker" };
  if (lagSeconds !== null && lagSeconds > rule.behindAfterSec) {
    const pace =
      catchUpRate === null
        ? produced === 0 && rates
          ? ", catching up"
          : ""
        : catchUpRate >= 1.05
          ? `, catching up at ${catchUpRate.toFixed(1)}x`
          : ", falling behind";
    return { ...base, state: "behind", text: `Behind ${fmtSpan(lagSeconds * 1000)}${pace}` };
  }
  if (now - movedAt > rule.staleAfterMs) {
    return { ...base, state: "stale", text: `Stale · no new events for ${fmtSpan(now - movedAt)}` };
  }
  const n = live.length;
  // A worker that cannot tell its lag is not claimed to be caught up.
  const unknown = lagSeconds === null ? " · lag unknown" : "";
  // Caught up, but the events arrive late: the producers', not the worker's, delay. On the
  // stream clock (a simulation, a replay) event times are not wall times and this says nothing.
  const late =
    clock === "wall" && producerDelaySeconds !== null && producerDelaySeconds > rule.behindAfterSec
      ? ` · producers ${fmtSpan(producerDelaySeconds * 1000)} late`
      : "";
  return { ...base, state: "live", text: `Live · ${n} worker${n === 1 ? "" : "s"}${unknown}${late}` };
}
