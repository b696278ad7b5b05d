"use client";
/**
 * React access to the live client: one socket per tab for the whole dashboard, so moving
 * between pages keeps the connection and only the components that read a view re-render.
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import type { ViewKind, ViewRequest } from "../../core/live/views";
import { type ConnectionInfo, createLiveClient, type LiveClient, type ViewState } from "./live-client";
import { useReplayScope } from "./replay-scope";

const LiveContext = createContext<LiveClient | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const [client, setClient] = useState<LiveClient | null>(null);
  useEffect(() => {
    const c = createLiveClient();
    setClient(c);
    return () => c.close();
  }, []);
  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}

/** The tab's live client (null during the first render). */
export const useLiveClient = (): LiveClient | null => useContext(LiveContext);

/**
 * The latest state of a view, live or in the surrounding replay (see replay-scope.tsx); null
 * until the first update.
 */
export function useLiveView<K extends ViewKind>(
  view: Extract<ViewRequest, { kind: K }> | null,
): ViewState<K> | null {
  const client = useContext(LiveContext);
  const replay = useReplayScope()?.id ?? null;
  const [state, setState] = useState<ViewState<K> | null>(null);
  const key = view ? JSON.stringify(view) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `view`, which callers rebuild every render.
  useEffect(() => {
    setState(null);
    if (!client || !view) return;
    return client.subscribe(view, setState, replay);
  }, [client, key, replay]);
  return state;
}

const initial: ConnectionInfo = {
  state: "connecting",
  status: null,
  error: null,
  sessionEnd: null,
  clockOffsetMs: 0,
};

export function useConnection(): { info: ConnectionInfo; reconnect: () => void } {
  const client = useContext(LiveContext);
  const [info, setInfo] = useState<ConnectionInfo>(initial);
  useEffect(() => {
    if (!client) return;
    setInfo(client.connection());
    return client.onConnection(setInfo);
  }, [client]);
  return { info, reconnect: () => client?.reconnect() };
}

/** Re-renders every `ms` so ages ("last frame 12 s ago") stay current. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
