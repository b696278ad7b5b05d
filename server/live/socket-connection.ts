/**
 * One connected socket, from connection to disconnect: its sender (room-sender.ts) known to the
 * fan-out, its session's expiry, the first status, its view rooms (socket-subscriptions.ts) and
 * its replays (server/replay/replay-socket.ts); on disconnect all of it goes.
 */
import type { Logger } from "../../adapters/log";
import type { ShopInfo } from "../../core/live/shop-view";
import type { ServerStatus } from "../../core/live/socket-events";
import type { RoomName } from "../../core/live/views";
import type { WebMetrics } from "../metrics";
import type { ReplaySessions } from "../replay/replay-sessions";
import { handleSocketReplays } from "../replay/replay-socket";
import type { LiveSocket } from "./live-io";
import type { RoomFanOut } from "./room-fanout";
import { createRoomSender } from "./room-sender";
import type { ResolveRoom } from "./room-targets";
import type { SessionExpiry } from "./session-end";
import { handleSocketSubscriptions } from "./socket-subscriptions";

export interface LiveSocketDeps {
  resolve: ResolveRoom;
  fanOut: RoomFanOut;
  expiry: SessionExpiry;
  status(): ServerStatus;
  loadShop(shopId: number): Promise<ShopInfo | null>;
  replays: ReplaySessions | undefined;
  broadcastViewers(replayId: string): void;
  logger: Logger;
  metrics: WebMetrics;
  clock: () => number;
  ackTimeoutMs: number;
  maxRoomsPerSocket: number;
  maxReplaysPerSocket: number;
}

export function handleLiveSocket(socket: LiveSocket, d: LiveSocketDeps): void {
  d.metrics.connectedSockets.inc();
  const cursors = new Map<RoomName, number | null>();
  const sender = createRoomSender({
    socket,
    cursors,
    resolve: d.resolve,
    metrics: d.metrics,
    clock: d.clock,
    ackTimeoutMs: d.ackTimeoutMs,
  });
  d.fanOut.add(socket.id, sender);
  d.expiry.watch(socket);
  socket.emit("status", d.status());

  const subscriptions = handleSocketSubscriptions({
    socket,
    cursors,
    sender,
    resolve: d.resolve,
    maxRoomsPerSocket: d.maxRoomsPerSocket,
    replayJoined: (id) => joinedReplays.has(id),
    loadShop: d.loadShop,
    logger: d.logger,
  });
  const joinedReplays = handleSocketReplays({
    socket,
    replays: d.replays,
    maxReplaysPerSocket: d.maxReplaysPerSocket,
    rooms: subscriptions.rooms,
    leaveRoom: subscriptions.leave,
    broadcastViewers: d.broadcastViewers,
  });

  socket.on("disconnect", () => {
    d.metrics.connectedSockets.dec();
    joinedReplays.leaveAll();
    subscriptions.leaveAll();
    sender.close();
    d.fanOut.remove(socket.id);
    d.expiry.unwatch(socket);
  });
}
