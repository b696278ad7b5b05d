/**
 * Re-checks every connected socket's credential on a timer: a sign-out on another instance, a
 * reset password, a revoked token or a disabled user ends sockets opened before, and so does a
 * changed role (the socket reconnects with its new rights).
 */
import type { Server, Socket } from "socket.io";
import type { Logger } from "../../adapters/log";
import type { CredentialVerdict } from "../../core/auth/credential-verdict";
import { describeError } from "../../core/errors";
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SessionEndReason,
  SocketData,
} from "../../core/live/socket-events";

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export type CheckCredentials = (
  live: ReadonlyArray<{ credential: "session" | "token"; credentialId: string; userId: string }>,
) => Promise<Map<string, CredentialVerdict>>;

/** Starts the re-check every `everyMs`; returns its stop. */
export function startCredentialRecheck({
  io,
  check,
  everyMs,
  end,
  logger,
}: {
  io: IoServer;
  check: CheckCredentials | undefined;
  everyMs: number;
  end(socket: IoSocket, reason: SessionEndReason): void;
  logger: Logger;
}): () => void {
  let rechecking = false;
  const timer = setInterval(async () => {
    if (!check || rechecking) return;
    rechecking = true;
    try {
      const live = [...io.sockets.sockets.values()].map((s) => s.data);
      if (live.length === 0) return;
      const verdicts = await check(live);
      for (const socket of io.sockets.sockets.values()) {
        const v = verdicts.get(socket.data.credentialId);
        // A socket that connected during the check is judged at the next one.
        if (v === undefined) continue;
        if ("ended" in v) end(socket, v.ended);
        else if (v.role !== socket.data.role) end(socket, "access-changed");
      }
    } catch (err) {
      logger.warn("socket credential re-check failed", { error: describeError(err) });
    } finally {
      rechecking = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
