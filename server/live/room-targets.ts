/**
 * Which hub computes a room: the live hub for a live room, an open replay's own hub for a room
 * `replay:<id>|<view>` (null while that replay is not open here).
 */
import type { RoomName } from "../../core/live/views";
import { splitRoom } from "../../core/replay/replay-info";
import type { ReplaySessions } from "../replay/replay-sessions";
import type { LiveHub } from "./hub";

/** The hub computing a room and the room's name there. */
export type RoomTarget = { hub: LiveHub; local: RoomName };
export type ResolveRoom = (room: RoomName) => RoomTarget | null;

export function roomTargets(hub: LiveHub, replays: Pick<ReplaySessions, "get"> | undefined): ResolveRoom {
  return (room) => {
    const { replay, room: local } = splitRoom(room);
    if (replay === null) return { hub, local };
    const open = replays?.get(replay);
    return open ? { hub: open.session.hub, local } : null;
  };
}
