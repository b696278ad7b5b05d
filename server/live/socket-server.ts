/**
 * Socket.IO on the web server's HTTP server: authenticates every handshake, lets clients
 * subscribe to view rooms, and fans hub changes out through one coalescing sender per socket,
 * so a slow client gets the latest state rather than a backlog. This file wires the parts:
 * the server (live-io.ts), each socket (socket-connection.ts: its sender, rooms and replays),
 * the fan-out of hub changes to the rooms' sockets (room-fanout.ts), the status push
 * (status-push.ts), session ends (session-end.ts) and the credential re-check.
 */
import type { Server as HttpServer, IncomingMessage } from "node:http";
import type { Logger } from "../../adapters/log";
import type { ShopInfo } from "../../core/live/shop-view";
import type { KafkaState, SessionEndReason } from "../../core/live/socket-events";
import { sameOrigin } from "../http/respond";
import type { WebMetrics } from "../metrics";
import type { ReplaySessions } from "../replay/replay-sessions";
import { wireReplayBroadcasts } from "../replay/replay-socket";
import { type CheckCredentials, startCredentialRecheck } from "./credential-recheck";
import type { LiveHub } from "./hub";
import { createLiveIo, type LiveServer } from "./live-io";
import { createRoomFanOut } from "./room-fanout";
import { roomTargets } from "./room-targets";
import { createSessionExpiry, endSession, endSessionsOf } from "./session-end";
import { type Authenticate, requireSocketAuth } from "./socket-auth";
import { handleLiveSocket } from "./socket-connection";
import { serverStatusOf, startStatusPush } from "./status-push";

export interface LiveSockets {
  io: LiveServer;
  /** Disconnects the sockets that authenticated with these session or token ids. */
  endSessions(credentialIds: readonly string[], reason: SessionEndReason): void;
  connected(): number;
  close(): Promise<void>;
}

export interface LiveSocketsOptions {
  httpServer: HttpServer;
  hub: LiveHub;
  instanceId: string;
  /** Resolves the handshake's credentials (cookie header, `auth.token`) to a principal. */
  authenticate: Authenticate;
  loadShop(shopId: number): Promise<ShopInfo | null>;
  kafkaState(): KafkaState;
  logger: Logger;
  metrics: WebMetrics;
  clock?: () => number;
  /** An update not acked within this is considered lost; the room may send again (default 10 s). */
  ackTimeoutMs?: number;
  /** Status is re-sent at least this often so clients can age the last frame (default 5 s). */
  statusEveryMs?: number;
  /** Rooms one socket may hold at once (default 20). */
  maxRoomsPerSocket?: number;
  /** Leave other `upgrade` requests alone (Next.js dev HMR shares the server). */
  destroyUpgrade?: boolean;
  /** Replays viewers can open and play; none: replay requests are refused. */
  replays?: ReplaySessions;
  /** Replays one socket may hold open at once (default 3). */
  maxReplaysPerSocket?: number;
  /**
   * Each live credential's verdict: valid with its current role, or why it ended. Every socket is
   * re-checked with it each `recheckMs`, so a sign-out on another instance, a reset password,
   * a revoked token or a disabled user also ends sockets opened before, with the same reason
   * the immediate cut after an admin action gives.
   */
  checkCredentials?: CheckCredentials;
  /** Default 30 s. */
  recheckMs?: number;
  /** Whether a handshake's Origin may connect (default: absent, or this server's own host). */
  originAllowed?(req: IncomingMessage): boolean;
}

export function attachLiveSockets({
  httpServer,
  hub,
  instanceId,
  authenticate,
  loadShop,
  kafkaState,
  logger,
  metrics,
  clock = Date.now,
  ackTimeoutMs = 10_000,
  statusEveryMs = 5_000,
  maxRoomsPerSocket = 20,
  destroyUpgrade = true,
  replays,
  maxReplaysPerSocket = 3,
  checkCredentials,
  recheckMs = 30_000,
  originAllowed = sameOrigin,
}: LiveSocketsOptions): LiveSockets {
  const io = createLiveIo(httpServer, { destroyUpgrade, originAllowed });
  requireSocketAuth(io, { authenticate, refused: () => metrics.handshakesRefused.inc(), logger });

  const status = serverStatusOf({ hub, kafkaState, instanceId, clock });
  const resolve = roomTargets(hub, replays);
  const fanOut = createRoomFanOut(io);
  const expiry = createSessionExpiry(clock);

  io.on("connection", (socket) =>
    handleLiveSocket(socket, {
      resolve,
      fanOut,
      expiry,
      status,
      loadShop,
      replays,
      broadcastViewers: (id) => broadcasts.broadcastViewers(id),
      logger,
      metrics,
      clock,
      ackTimeoutMs,
      maxRoomsPerSocket,
      maxReplaysPerSocket,
    }),
  );

  const offChange = hub.onChange(fanOut.offer);
  const broadcasts = wireReplayBroadcasts({ io, replays, offer: fanOut.offer });
  const stopStatus = startStatusPush(io, status, statusEveryMs);
  const stopRecheck = startCredentialRecheck({
    io,
    check: checkCredentials,
    everyMs: recheckMs,
    end: endSession,
    logger,
  });

  return {
    io,
    endSessions: (ids, reason) => endSessionsOf(io, ids, reason),
    connected: () => io.sockets.sockets.size,
    async close() {
      offChange();
      broadcasts.close();
      stopStatus();
      stopRecheck();
      expiry.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
