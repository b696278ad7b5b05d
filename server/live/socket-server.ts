/**
 * Socket.IO on the web server's HTTP server: authenticates every handshake, lets clients
 * subscribe to view rooms, and fans hub changes out through one coalescing sender per socket,
 * so a slow client gets the latest state rather than a backlog.
 */
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { Principal } from "../../adapters/db/auth-store";
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
  unauthorizedMessage,
} from "../../core/live/socket-events";
import { type RoomName, roomOf, viewOfRoom } from "../../core/live/views";
import type { WebMetrics } from "../metrics";
import { createCoalescingSender } from "./coalescing-sender";
import type { LiveHub } from "./hub";

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
  authenticate(handshake: { cookie: string | undefined; token: string | null }): Promise<Principal | null>;
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
  });
  const senders = new Map<string, ReturnType<typeof createCoalescingSender>>();
  const cursors = new Map<string, Map<RoomName, number | null>>();
  const expiryTimers = new Map<string, NodeJS.Timeout>();

  io.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : null;
      const p = await authenticate({ cookie: socket.handshake.headers.cookie, token });
      if (!p || p.mustChangePassword) {
        metrics.handshakesRefused.inc();
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

  const status = (): ServerStatus => {
    const f = hub.feed();
    return {
      feed: f.state,
      kafka: kafkaState(),
      lastFrameAt: f.lastFrameAt,
      sources: f.sources,
      instance: instanceId,
      now: clock(),
    };
  };

  const sendUpdate = (socket: LiveSocket, room: RoomName, done: () => void) => {
    const roomCursors = cursors.get(socket.id);
    if (!roomCursors?.has(room)) return done();
    const now = clock();
    const update = hub.update(room, roomCursors.get(room) ?? null, now);
    if (!update) return done();
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
    const kindOf = (room: string) => viewOfRoom(room)?.kind ?? "unknown";
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
      hub.leave(room);
    };

    socket.on("subscribe", async (raw, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = SubscribeRequestSchema.safeParse(raw);
      if (!parsed.success)
        return reply({ ok: false, error: parsed.error.issues[0]?.message ?? "invalid request" });
      const { view, since } = parsed.data;
      const room = roomOf(view);
      if (!mine.has(room) && mine.size >= maxRoomsPerSocket)
        return reply({ ok: false, error: `at most ${maxRoomsPerSocket} views per connection` });
      if (view.kind === "shop" && !hub.hasShopInfo(view.shopId)) {
        try {
          hub.setShopInfo(view.shopId, await loadShop(view.shopId));
        } catch (err) {
          logger.warn("shop lookup failed", { shopId: view.shopId, error: describeError(err) });
        }
      }
      if (!socket.connected) return;
      if (!mine.has(room)) {
        hub.join(room);
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
      for (const room of [...mine.keys()]) leave(room);
      sender.close();
      senders.delete(socket.id);
      cursors.delete(socket.id);
      clearTimeout(expiryTimers.get(socket.id));
      expiryTimers.delete(socket.id);
    });
  });

  const offChange = hub.onChange((rooms) => {
    for (const room of rooms) {
      const ids = io.sockets.adapter.rooms.get(room);
      if (!ids) continue;
      for (const id of ids) senders.get(id)?.offer(room);
    }
  });

  let lastStatus = "";
  const statusTimer = setInterval(() => {
    const s = status();
    const key = `${s.feed}|${s.kafka}|${s.sources}`;
    const due =
      key !== lastStatus || Math.floor(s.now / 1000) % Math.max(1, Math.round(statusEveryMs / 1000)) === 0;
    lastStatus = key;
    if (due) io.emit("status", s);
  }, 1000);
  statusTimer.unref();

  return {
    io,
    endSessions(ids, reason) {
      const set = new Set(ids);
      for (const socket of io.sockets.sockets.values()) {
        if (!set.has(socket.data.credentialId)) continue;
        socket.emit("session-ended", reason);
        socket.disconnect(true);
      }
    },
    connected: () => io.sockets.sockets.size,
    async close() {
      offChange();
      clearInterval(statusTimer);
      for (const t of expiryTimers.values()) clearTimeout(t);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
