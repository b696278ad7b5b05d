"use client";
/**
 * A finished replay's timeline (range, cumulative orders, alert bands, milestones) with the
 * replay row, from /api/v1/replays/:id/timeline. No id: nothing is fetched (a baseline that is
 * not done yet). A reply that comes after the id changed or the component went away is dropped.
 */
import { useEffect, useState } from "react";
import type { z } from "zod";
import { ReplayTimelineResponseSchema } from "../../core/api/replays";
import { apiFetch, errorText } from "./api-client";

export type ReplayTimelineReply = z.infer<typeof ReplayTimelineResponseSchema>;

export function useReplayTimeline(id: string | null): {
  data: ReplayTimelineReply | null;
  error: string | null;
} {
  const [data, setData] = useState<ReplayTimelineReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!id) return;
    let cancelled = false;
    apiFetch(`/api/v1/replays/${encodeURIComponent(id)}/timeline`, ReplayTimelineResponseSchema)
      .then((r) => !cancelled && setData(r))
      .catch((err) => !cancelled && setError(errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [id]);
  return { data, error };
}
