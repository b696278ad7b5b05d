"use client";
/**
 * Why live panels are stale even when frames keep arriving: the pipeline status says no new
 * events, no data or nothing yet (docs/DASHBOARD.md, "How current the numbers are"). Null when
 * the data is current, and inside a replay (its playback decides what is shown).
 */
import { useConnection } from "./live-context";
import { useReplayScope } from "./replay-scope";

export function usePipelineStaleReason(): string | null {
  const p = useConnection().info.status?.pipeline ?? null;
  const inReplay = useReplayScope() !== null;
  if (inReplay || !p) return null;
  return p.state === "stale" || p.state === "waiting" || p.state === "no-data" ? p.text : null;
}
