/**
 * What the connection banner shows: the socket's state, the server's last status and the
 * clock offset it implies, and why the last attempt failed. Each socket event is one
 * transition here, so the rules (a session that ended stays ended until `reconnect`) are in
 * one place.
 */
import type { ServerStatus, SessionEndReason } from "../../core/live/socket-events";
import { unauthorizedMessage } from "../../core/live/socket-events";
import { createListeners } from "./live-listeners";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "unauthorized" | "session-ended";

export interface ConnectionInfo {
  state: ConnectionState;
  status: ServerStatus | null;
  /** Why the last attempt failed, for the banner. */
  error: string | null;
  sessionEnd: SessionEndReason | null;
  /** Server clock minus ours (ms), from the last status. */
  clockOffsetMs: number;
}

export interface ConnectionStateTracker {
  info(): ConnectionInfo;
  onChange(listener: (info: ConnectionInfo) => void): () => void;
  /** A subscription or other request the server turned down, for the banner. */
  refused(error: string): void;
  connecting(): void;
  connected(): void;
  connectFailed(message: string): void;
  disconnected(reason: string): void;
  sessionEnded(reason: SessionEndReason): void;
  status(status: ServerStatus): void;
  clear(): void;
}

export function createConnectionState(): ConnectionStateTracker {
  const listeners = createListeners<ConnectionInfo>();
  let info: ConnectionInfo = {
    state: "connecting",
    status: null,
    error: null,
    sessionEnd: null,
    clockOffsetMs: 0,
  };
  const set = (patch: Partial<ConnectionInfo>) => {
    info = { ...info, ...patch };
    listeners.emit(info);
  };
  return {
    info: () => info,
    onChange: listeners.add,
    refused: (error) => set({ error }),
    connecting: () => set({ state: "connecting", error: null, sessionEnd: null }),
    connected: () => set({ state: "connected", error: null, sessionEnd: null }),
    connectFailed(message) {
      if (message === unauthorizedMessage) set({ state: "unauthorized", error: "not signed in" });
      else set({ state: "reconnecting", error: message });
    },
    disconnected(reason) {
      if (info.state === "session-ended") return;
      // The server only disconnects a socket on purpose when its session ended.
      set({ state: reason === "io server disconnect" ? "session-ended" : "reconnecting", error: reason });
    },
    sessionEnded: (reason) => set({ state: "session-ended", sessionEnd: reason }),
    status: (status) => set({ status, clockOffsetMs: status.now - Date.now() }),
    clear: listeners.clear,
  };
}
