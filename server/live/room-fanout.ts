/**
 * From a room that changed to the sockets in it: each socket's sender is offered the room, and
 * sends when it is free (coalescing-sender.ts).
 */
import type { RoomName } from "../../core/live/views";
import type { CoalescingSender } from "./coalescing-sender";
import type { LiveServer } from "./live-io";

export interface RoomFanOut {
  add(socketId: string, sender: CoalescingSender): void;
  remove(socketId: string): void;
  /** These rooms changed: every socket in them gets the chance to send. */
  offer(rooms: readonly RoomName[]): void;
}

export function createRoomFanOut(io: LiveServer): RoomFanOut {
  const senders = new Map<string, CoalescingSender>();
  return {
    add: (id, sender) => void senders.set(id, sender),
    remove: (id) => void senders.delete(id),
    offer(rooms) {
      for (const room of rooms) {
        const ids = io.sockets.adapter.rooms.get(room);
        if (!ids) continue;
        for (const id of ids) senders.get(id)?.offer(room);
      }
    },
  };
}
