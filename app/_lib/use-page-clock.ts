"use client";
/** The page's one clock (core/pipeline/page-clock.ts), re-evaluated every `ms`. */
import { alertAge, pageNow } from "../../core/pipeline/page-clock";
import { useConnection, useNow } from "./live-context";

export function usePageClock(ms = 1000): {
  /** The page's now (ms): the stream clock or the wall clock. */
  now: number;
  /** The server's wall clock as this client estimates it (ms). */
  wall: number;
  stream: boolean;
  /** The stream's time (newest closed data every reporting worker has; null: unknown). */
  streamTime: number | null;
  ageOf(alert: { rule: string; since: number; external?: true }): number;
} {
  const { info } = useConnection();
  const wall = useNow(ms) + info.clockOffsetMs;
  const status = info.status?.pipeline ?? null;
  return {
    now: pageNow(status, wall),
    wall,
    stream: status?.clock === "stream",
    streamTime: status?.streamTime ?? null,
    ageOf: (a) => alertAge(a, status, wall),
  };
}
