/**
 * Ending a socket's session: the client is told why (`session-ended`) and disconnected, when its
 * credential expires, or when an admin action or a re-check ends it.
 */
import type { SessionEndReason } from "../../core/live/socket-events";
import type { LiveServer, LiveSocket } from "./live-io";

export function endSession(socket: LiveSocket, reason: SessionEndReason): void {
  socket.emit("session-ended", reason);
  socket.disconnect(true);
}

/** Ends the sockets that authenticated with these session or token ids. */
export function endSessionsOf(
  io: LiveServer,
  credentialIds: readonly string[],
  reason: SessionEndReason,
): void {
  const set = new Set(credentialIds);
  for (const socket of io.sockets.sockets.values())
    if (set.has(socket.data.credentialId)) endSession(socket, reason);
}

export interface SessionExpiry {
  /** Ends the socket (`expired`) when its credential's `expiresAt` passes; none: never. */
  watch(socket: LiveSocket): void;
  unwatch(socket: LiveSocket): void;
  close(): void;
}

export function createSessionExpiry(clock: () => number): SessionExpiry {
  const timers = new Map<string, NodeJS.Timeout>();
  return {
    watch(socket) {
      const { expiresAt } = socket.data;
      if (expiresAt === null) return;
      const t = setTimeout(
        () => endSession(socket, "expired"),
        // setTimeout fires at once for delays past 2^31-1 ms: cap them.
        Math.min(Math.max(0, expiresAt - clock()), 2 ** 31 - 1),
      );
      t.unref();
      timers.set(socket.id, t);
    },
    unwatch(socket) {
      clearTimeout(timers.get(socket.id));
      timers.delete(socket.id);
    },
    close() {
      for (const t of timers.values()) clearTimeout(t);
    },
  };
}
