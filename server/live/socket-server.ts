/**
 * Socket.IO on the web server's HTTP server: authenticates every handshake, lets clients
 * subscribe to view rooms, and fans hub changes out through one coalescing sender per socket,
 * so a slow client gets the latest state rather than a backlog.
 */
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server, type Socket } from "socket.io";
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import type { ShopInfo } from "../../core/live/shop-view";
import {
  type ClientToServerEvents,
  type KafkaState,
  type ServerStatus,
  type ServerToClientEvents,
  type SessionEndReason,
  type SocketData,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "../../core/live/socket-events";
import { type RoomName, roomOf, viewOfRoom } from "../../core/live/views";
import { replayRoom, splitRoom } from "../../core/replay/replay-info";
import { sameOrigin } from "../http/respond";
import type { WebMetrics } from "../metrics";
import type { ReplaySessions } from "../replay/replay-sessions";
import { handleSocketReplays, wireReplayBroadcasts } from "../replay/replay-socket";
import { createCoalescingSender } from "./coalescing-sender";
import { type CheckCredentials, startCredentialRecheck } from "./credential-recheck";
import type { LiveHub } from "./hub";
import { type Authenticate, requireSocketAuth } from "./socket-auth";

type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

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
  const io: LiveServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    destroyUpgrade,
    // Same-origin only: the dashboard is served from this server.
    cors: undefined,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    maxHttpBufferSize: 64 * 1024,
    // Browsers send their Origin on WebSocket and polling requests; another site's page is refused.
    allowRequest: (req, done) => done(originAllowed(req) ? null : "origin not allowed", originAllowed(req)),
  });
  const senders = new Map<string, ReturnType<typeof createCoalescingSender>>();
  const cursors = new Map<string, Map<RoomName, number | null>>();
  const expiryTimers = new Map<string, NodeJS.Timeout>();

  requireSocketAuth(io, { authenticate, refused: () => metrics.handshakesRefused.inc(), logger });

  const status = (): ServerStatus => {
    const f = hub.feed();
    return {
      feed: f.state,
      kafka: kafkaState(),
      lastFrameAt: f.lastFrameAt,
      sources: f.sources,
      pipeline: f.pipeline,
      instance: instanceId,
      now: clock(),
    };
  };

  /** The hub computing a room (the live one, or an open replay's) and the room's name there. */
  const resolve = (room: RoomName): { hub: LiveHub; local: RoomName } | null => {
    const { replay, room: local } = splitRoom(room);
    if (replay === null) return { hub, local };
    const open = replays?.get(replay);
    return open ? { hub: open.session.hub, local } : null;
  };

  const sendUpdate = (socket: LiveSocket, room: RoomName, done: () => void) => {
    const roomCursors = cursors.get(socket.id);
    if (!roomCursors?.has(room)) return done();
    const now = clock();
    const target = resolve(room);
    const local = target?.hub.update(target.local, roomCursors.get(room) ?? null, now);
    if (!local) return done();
    const update = { ...local, room };
    const last = update.samples[update.samples.length - 1];
    if (last) roomCursors.set(room, last.t);
    if (update.view && "at" in update.view && update.view.at > 0) {
      metrics.emitLag.observe({ kind: update.kind }, Math.max(0, now - update.view.at) / 1000);
    }
    socket.timeout(ackTimeoutMs).emit("update", update, (err: Error | null) => {
      if (!err) metrics.ackLatency.observe((clock() - now) / 1000);
      done();
    });
  };

  io.on("connection", (socket) => {
    metrics.connectedSockets.inc();
    const kindOf = (room: string) => viewOfRoom(splitRoom(room).room)?.kind ?? "unknown";
    const sender = createCoalescingSender((room, done) => sendUpdate(socket, room, done), {
      sent: (room) => metrics.updatesSent.inc({ kind: kindOf(room) }),
      coalesced: (room) => metrics.updatesCoalesced.inc({ kind: kindOf(room) }),
    });
    senders.set(socket.id, sender);
    const mine = new Map<RoomName, number | null>();
    cursors.set(socket.id, mine);
    const { expiresAt } = socket.data;
    if (expiresAt !== null) {
      const t = setTimeout(
        () => {
          socket.emit("session-ended", "expired");
          socket.disconnect(true);
        },
        Math.min(Math.max(0, expiresAt - clock()), 2 ** 31 - 1),
      );
      t.unref();
      expiryTimers.set(socket.id, t);
    }
    socket.emit("status", status());

    const leave = (room: RoomName) => {
      if (!mine.has(room)) return;
      mine.delete(room);
      sender.drop(room);
      void socket.leave(room);
      const target = resolve(room);
      target?.hub.leave(target.local);
    };

    const joinedReplays = handleSocketReplays({
      socket,
      replays,
      maxReplaysPerSocket,
      rooms: () => mine.keys(),
      leaveRoom: leave,
      broadcastViewers: (id) => broadcasts.broadcastViewers(id),
    });

    socket.on("subscribe", async (raw, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = SubscribeRequestSchema.safeParse(raw);
      if (!parsed.success)
        return reply({ ok: false, error: parsed.error.issues[0]?.message ?? "invalid request" });
      const { view, since, replay } = parsed.data;
      if (replay !== undefined && !joinedReplays.has(replay))
        return reply({ ok: false, error: `join replay ${replay} first (replay:join)` });
      const room = replay === undefined ? roomOf(view) : replayRoom(replay, roomOf(view));
      const target = resolve(room);
      if (!target) return reply({ ok: false, error: `replay ${replay} is not open` });
      if (!mine.has(room) && mine.size >= maxRoomsPerSocket)
        return reply({ ok: false, error: `at most ${maxRoomsPerSocket} views per connection` });
      if (view.kind === "shop" && !target.hub.hasShopInfo(view.shopId)) {
        try {
          target.hub.setShopInfo(view.shopId, await loadShop(view.shopId));
        } catch (err) {
          logger.warn("shop lookup failed", { shopId: view.shopId, error: describeError(err) });
        }
      }
      if (!socket.connected) return;
      if (!mine.has(room)) {
        target.hub.join(target.local);
        await socket.join(room);
      }
      mine.set(room, since);
      reply({ ok: true, room });
      sender.offer(room);
    });

    socket.on("unsubscribe", (raw) => {
      const parsed = UnsubscribeRequestSchema.safeParse(raw);
      if (parsed.success) leave(parsed.data.room);
    });

    socket.on("disconnect", () => {
      metrics.connectedSockets.dec();
      joinedReplays.leaveAll();
      for (const room of [...mine.keys()]) leave(room);
      sender.close();
      senders.delete(socket.id);
      cursors.delete(socket.id);
      clearTimeout(expiryTimers.get(socket.id));
      expiryTimers.delete(socket.id);
    });
  });

  const offer = (rooms: readonly RoomName[]) => {
    for (const room of rooms) {
      const ids = io.sockets.adapter.rooms.get(room);
      if (!ids) continue;
      for (const id of ids) senders.get(id)?.offer(room);
    }
  };
  const offChange = hub.onChange(offer);

  const broadcasts = wireReplayBroadcasts({ io, replays, offer });

  let lastStatus = "";
  const statusTimer = setInterval(() => {
    const s = status();
    const key = `${s.feed}|${s.kafka}|${s.sources}|${s.pipeline.state}|${s.pipeline.clock}`;
    const due =
      key !== lastStatus || Math.floor(s.now / 1000) % Math.max(1, Math.round(statusEveryMs / 1000)) === 0;
    lastStatus = key;
    if (due) io.emit("status", s);
  }, 1000);
  statusTimer.unref();

  const end = (socket: LiveSocket, reason: SessionEndReason) => {
    socket.emit("session-ended", reason);
    socket.disconnect(true);
  };
  const stopRecheck = startCredentialRecheck({
    io,
    check: checkCredentials,
    everyMs: recheckMs,
    end,
    logger,
  });

  return {
    io,
    endSessions(ids, reason) {
      const set = new Set(ids);
      for (const socket of io.sockets.sockets.values())
        if (set.has(socket.data.credentialId)) end(socket, reason);
    },
    connected: () => io.sockets.sockets.size,
    async close() {
      offChange();
      broadcasts.close();
      clearInterval(statusTimer);
      stopRecheck();
      for (const t of expiryTimers.values()) clearTimeout(t);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
