"use client";
/** Fetches history for the selected range from the JSON API; relative ranges refresh every 15 s. */
import { useEffect, useState } from "react";
import { HistorySeriesSchema } from "../../core/api/history";
import type { HistorySeries } from "../../core/live/history";
import { apiFetch, errorText } from "./api-client";
import { useReplayScope } from "./replay-scope";
import { historyQuery, type TimeRange } from "./time-range";

export interface HistoryState {
  data: HistorySeries | null;
  error: string | null;
  loading: boolean;
  /** Local wall-clock ms of the last answer (null: none yet). */
  fetchedAt: number | null;
}

/**
 * @param once fetch once instead of refreshing (a backfill for a live chart)
 * @param enabled false skips the request
 */
export function useHistory(
  range: TimeRange,
  { shopId, once = false, enabled = true }: { shopId?: number; once?: boolean; enabled?: boolean } = {},
): HistoryState {
  const [state, setState] = useState<HistoryState>({
    data: null,
    error: null,
    loading: false,
    fetchedAt: null,
  });
  // A replay's views follow its playback, not the history API.
  const inReplay = useReplayScope() !== null;
  const q = enabled && !inReplay ? historyQuery(range) : null;
  useEffect(() => {
    if (q === null) {
      setState({ data: null, error: null, loading: false, fetchedAt: null });
      return;
    }
    let cancelled = false;
    const load = async () => {
      setState((s) => ({ ...s, loading: true }));
      try {
        const data = await apiFetch(
          `/api/v1/history?${q}${shopId === undefined ? "" : `&shopId=${shopId}`}`,
          HistorySeriesSchema,
        );
        if (!cancelled) setState({ data, error: null, loading: false, fetchedAt: Date.now() });
      } catch (err) {
        if (!cancelled)
          setState((s) => ({
            ...s,
            error: errorText(err),
            loading: false,
          }));
      }
    };
    void load();
    const timer = range.key === "custom" || once ? null : setInterval(load, 15_000);
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
    };
  }, [q, shopId, range.key, once]);
  return state;
}
