/**
 * Which clock a new silence runs on (docs/ALERTING.md, "Silences and the stream's clock"): the
 * one the page follows when it is made. During a simulation or a replay (the page on the stream
 * clock) "silence for 2h" covers 2 h of the stream from its newest data; otherwise it is
 * Alertmanager's silence, 2 h of wall time from now. Pure.
 */
import type { SilenceClock, SilenceNow } from "../alerts/silences";
import type { PipelineStatus } from "./status";

/** The window of a silence made at `wallNow` for `durationMs`, on the clock the page follows. */
export function newSilenceWindow(
  status: Pick<PipelineStatus, "clock" | "streamTime"> | null,
  wallNow: number,
  durationMs: number,
): { clock: SilenceClock; startsAt: number; endsAt: number } {
  const stream = status?.clock === "stream" && status.streamTime !== null;
  const startsAt = stream ? status.streamTime! : wallNow;
  return { clock: stream ? "stream" : "wall", startsAt, endsAt: startsAt + durationMs };
}

/**
 * Keeps the stream's "now" for silences: the stream time of the newest status that has one. While
 * every worker is silent the status has none, and the stream's clock stands still at its last
 * value (stream-clock silences neither start nor end meanwhile).
 */
export function createSilenceClock(): {
  observe(streamTime: number | null): void;
  at(wallNow: number): SilenceNow;
} {
  let stream: number | null = null;
  return {
    observe(t) {
      if (t !== null) stream = t;
    },
    at: (wall) => ({ wall, stream }),
  };
}
