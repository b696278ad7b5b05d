"use client";
/**
 * A replay page's state: the replay row (polled while it is still being computed), then the
 * shared playback joined over the socket, with controls that move it for every viewer.
 */
import { useCallback, useEffect, useState } from "react";
import { ReplayResponseSchema } from "../../core/api/replays";
import type { ReplayJoined } from "../../core/live/socket-events";
import type { Playback, PlaybackControl } from "../../core/replay/playback";
import type { ReplayInfo } from "../../core/replay/replay-info";
import { apiFetch, errorText } from "./api-client";
import { useLiveClient } from "./live-context";

export interface ReplayState {
  replay: ReplayInfo | null;
  baseline: ReplayInfo | null;
  joined: ReplayJoined | null;
  playback: Playback | null;
  viewers: number;
  error: string | null;
  control(c: PlaybackControl): void;
}

export function useReplay(id: string): ReplayState {
  const client = useLiveClient();
  const [info, setInfo] = useState<{ replay: ReplayInfo; baseline: ReplayInfo | null } | null>(null);
  const [joined, setJoined] = useState<ReplayJoined | null>(null);
  const [playback, setPlayback] = useState<Playback | null>(null);
  const [viewers, setViewers] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const status = info?.replay.status ?? null;

  // The row, polled every 2 s until the replay is done (or failed).
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const r = await apiFetch(`/api/v1/replays/${encodeURIComponent(id)}`, ReplayResponseSchema);
        if (cancelled) return;
        setInfo(r);
        if (r.replay.status === "running") timer = setTimeout(load, 2000);
      } catch (err) {
        if (!cancelled) setError(errorText(err));
      }
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [id]);

  // Joined once done; the client joins again after a reconnect.
  useEffect(() => {
    if (!client || status !== "done") return;
    let cancelled = false;
    const off = client.onReplayPlayback((u) => {
      if (u.id !== id) return;
      setPlayback(u.playback);
      setViewers(u.viewers);
    });
    void client.joinReplay(id).then((r) => {
      if (cancelled) return;
      if (r.ok) {
        setJoined(r.joined);
        setPlayback(r.joined.playback);
        setViewers(r.joined.viewers);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      cancelled = true;
      off();
      client.leaveReplay(id);
    };
  }, [client, id, status]);

  const control = useCallback(
    (c: PlaybackControl) => {
      void client?.controlReplay(id, c).then((r) => {
        if (r.ok) setPlayback(r.playback);
        else setError(r.error);
      });
    },
    [client, id],
  );

  return {
    replay: info?.replay ?? null,
    baseline: info?.baseline ?? null,
    joined,
    playback,
    viewers,
    error,
    control,
  };
}
