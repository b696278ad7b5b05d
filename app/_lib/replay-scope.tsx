"use client";
/**
 * Which replay the views below show: null for live. The replay page wraps the dashboard's own
 * views in it, so the same components render a replay: their subscriptions go to the replay's
 * rooms, the time range follows the playback and chart alert bands come from the replay.
 */
import { createContext, type ReactNode, useContext, useMemo } from "react";
import type { AlertSpan } from "../../core/live/alert-annotations";

export interface ReplayScopeValue {
  id: string;
  /** The replay's alert bands (its timeline), for chart annotations. */
  alerts: readonly AlertSpan[];
  /** The playback position (event-time ms): "now" inside the replay (alert ages). */
  now?: () => number;
}

const ReplayScope = createContext<ReplayScopeValue | null>(null);

export function ReplayScopeProvider({
  id,
  alerts,
  now,
  children,
}: ReplayScopeValue & { children: ReactNode }) {
  const value = useMemo(() => ({ id, alerts, now }), [id, alerts, now]);
  return <ReplayScope.Provider value={value}>{children}</ReplayScope.Provider>;
}

/** The replay the surrounding views show, or null when they are live. */
export const useReplayScope = (): ReplayScopeValue | null => useContext(ReplayScope);
