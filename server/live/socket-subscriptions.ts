/**
 * A socket's view rooms: `subscribe` (checked, a replay's rooms only once the replay is joined,
 * at most `maxRoomsPerSocket`, a shop's name and capacity looked up on first use) and
 * `unsubscribe`. Joining or leaving a room tells the hub computing it.
 */
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import type { ShopInfo } from "../../core/live/shop-view";
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from "../../core/live/socket-events";
import { type RoomName, roomOf } from "../../core/live/views";
import { replayRoom } from "../../core/replay/replay-info";
import type { CoalescingSender } from "./coalescing-sender";
import type { LiveSocket } from "./live-io";
import type { ResolveRoom } from "./room-targets";

export interface SocketSubscriptionsOptions {
  socket: LiveSocket;
  /** The socket's rooms and cursors (shared with its sender). */
  cursors: Map<RoomName, number | null>;
  sender: CoalescingSender;
  resolve: ResolveRoom;
  maxRoomsPerSocket: number;
  /** Whether the socket has joined this replay (replay:join). */
  replayJoined(id: string): boolean;
  loadShop(shopId: number): Promise<ShopInfo | null>;
  logger: Logger;
}

export interface SocketSubscriptions {
  leave(room: RoomName): void;
  rooms(): Iterable<RoomName>;
  leaveAll(): void;
}

export function handleSocketSubscriptions({
  socket,
  cursors: mine,
  sender,
  resolve,
  maxRoomsPerSocket,
  replayJoined,
  loadShop,
  logger,
}: SocketSubscriptionsOptions): SocketSubscriptions {
  const leave = (room: RoomName) => {
    if (!mine.has(room)) return;
    mine.delete(room);
    sender.drop(room);
    void socket.leave(room);
    const target = resolve(room);
    target?.hub.leave(target.local);
  };

  socket.on("subscribe", async (raw, ack) => {
    const reply = typeof ack === "function" ? ack : () => {};
    const parsed = SubscribeRequestSchema.safeParse(raw);
    if (!parsed.success)
      return reply({ ok: false, error: parsed.error.issues[0]?.message ?? "invalid request" });
    const { view, since, replay } = parsed.data;
    if (replay !== undefined && !replayJoined(replay))
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

  return {
    leave,
    rooms: () => mine.keys(),
    leaveAll() {
      for (const room of [...mine.keys()]) leave(room);
    },
  };
}
