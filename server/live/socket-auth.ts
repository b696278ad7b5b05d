/**
 * The Socket.IO handshake check: the session cookie (browsers) or `auth.token` (scripts) must
 * resolve to a principal that needs no password change; anything else gets `connect_error`
 * with message `unauthorized`.
 */
import type { Server } from "socket.io";
import type { Principal } from "../../adapters/db/auth-store";
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import {
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketData,
  unauthorizedMessage,
} from "../../core/live/socket-events";

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export type Authenticate = (handshake: {
  cookie: string | undefined;
  token: string | null;
}) => Promise<Principal | null>;

/** Installs the check as `io`'s middleware; `refused` counts the handshakes turned away. */
export function requireSocketAuth(
  io: IoServer,
  { authenticate, refused, logger }: { authenticate: Authenticate; refused(): void; logger: Logger },
): void {
  io.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : null;
      const p = await authenticate({ cookie: socket.handshake.headers.cookie, token });
      if (!p || p.mustChangePassword) {
        refused();
        next(new Error(unauthorizedMessage));
        return;
      }
      socket.data = {
        userId: p.userId,
        username: p.username,
        role: p.role,
        credentialId: p.credentialId,
        credential: p.credential,
        expiresAt: p.expiresAt,
      };
      next();
    } catch (err) {
      logger.warn("socket authentication failed", { error: describeError(err) });
      next(new Error("authentication unavailable"));
    }
  });
}
