"use client";
/**
 * Starts a replay and moves the page to it: the New replay form and a replay's what-if form
 * both do this. While the page navigates the form stays busy; on an error it is said and the
 * form can be sent again.
 */
import { useState } from "react";
import { ReplayCreatedResponseSchema } from "../../core/api/replays";
import { apiFetch, errorText } from "../_lib/api-client";

/** The POST /api/v1/replays body as the forms send it (the server's schema checks it). */
export interface StartReplayBody {
  name: string;
  source?: "kafka" | "snapshots";
  /** Epoch ms; left out for the start/end of what was recorded. */
  from?: number;
  to?: number;
  capacity: string;
  rules: string;
  baselineId?: string;
}

export function useStartReplay() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async (body: StartReplayBody) => {
    setBusy(true);
    setError(null);
    try {
      const r = await apiFetch("/api/v1/replays", ReplayCreatedResponseSchema, { method: "POST", body });
      window.location.href = `/replays/${r.replay.id}`;
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return { busy, error, start };
}
