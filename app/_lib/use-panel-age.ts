"use client";
/**
 * The age a page's panels show (app/_components/expandable-panel.tsx): live, the time of the
 * newest frame in view, stale when the pipeline says so; over a past range, when the history was
 * last read (it refreshes every 15 s, so it is stale past 45 s).
 */
import type { PanelFreshnessProps } from "../_components/expandable-panel";
import { useConnection } from "./live-context";
import type { HistoryState } from "./use-history";
import { usePipelineStaleReason } from "./use-stale-reason";

export function usePanelAge(
  isLive: boolean,
  /** Wall-clock ms of the live view shown (its `at`); null before the first update. */
  liveAt: number | null,
  history: Pick<HistoryState, "fetchedAt">,
): PanelFreshnessProps {
  const staleReason = usePipelineStaleReason();
  const clockOffsetMs = useConnection().info.clockOffsetMs;
  if (isLive) return { updatedAt: liveAt, staleReason };
  return {
    updatedAt: history.fetchedAt === null ? null : history.fetchedAt + clockOffsetMs,
    staleAfterMs: 45_000,
  };
}
