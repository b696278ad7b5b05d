/**
 * Who watches what in a live hub: how many members each room has, the shops being watched, and
 * the listeners told when rooms change (the socket server's fan-out) or when the watched shops
 * do (the watch publisher, so the workers rank those shops).
 */
import { type RoomName, viewOfRoom } from "../../core/live/views";

export interface HubRooms {
  /** Counts a member; true when it is the room's first. */
  join(room: RoomName): boolean;
  /** Uncounts a member; true when the last one left (false too for a room with none). */
  leave(room: RoomName): boolean;
  /** Shop ids of the shop rooms with at least one member, ascending. */
  watchedShops(): number[];
  /** Tells the change listeners that these rooms (default: all) changed; only rooms with members. */
  changed(rooms?: readonly RoomName[]): void;
  /** Tells the watch listeners the watched shops now. */
  watchChanged(): void;
  onChange(listener: (rooms: RoomName[]) => void): () => void;
  onWatchChange(listener: (shopIds: number[]) => void): () => void;
}

export function createHubRooms(): HubRooms {
  const members = new Map<RoomName, number>();
  const changeListeners = new Set<(rooms: RoomName[]) => void>();
  const watchListeners = new Set<(ids: number[]) => void>();

  const watchedShops = () =>
    [...members.keys()]
      .map(viewOfRoom)
      .flatMap((v) => (v?.kind === "shop" ? [v.shopId] : []))
      .sort((a, b) => a - b);

  return {
    join(room) {
      const n = members.get(room) ?? 0;
      members.set(room, n + 1);
      return n === 0;
    },
    leave(room) {
      const n = members.get(room) ?? 0;
      if (n > 1) {
        members.set(room, n - 1);
        return false;
      }
      if (n === 0) return false;
      members.delete(room);
      return true;
    },
    watchedShops,
    changed(rooms) {
      const list = rooms ? rooms.filter((r) => members.has(r)) : [...members.keys()];
      if (list.length === 0) return;
      for (const l of changeListeners) l(list);
    },
    watchChanged() {
      for (const l of watchListeners) l(watchedShops());
    },
    onChange(l) {
      changeListeners.add(l);
      return () => changeListeners.delete(l);
    },
    onWatchChange(l) {
      watchListeners.add(l);
      return () => watchListeners.delete(l);
    },
  };
}
