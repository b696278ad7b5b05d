/**
 * The replay part of the Socket.IO server: `replay:join`, `replay:leave` and `replay:control`
 * for one socket, and the wiring of each open replay's hub and clock to its rooms. The live
 * socket server (server/live/socket-server.ts) calls these; the playback sessions themselves
 * are server/replay/replay-sessions.ts.
 */
import type { Server, Socket } from "socket.io";
import { roleAtLeast } from "../../core/auth/roles";
import { describeError } from "../../core/errors";
import {
  type ClientToServerEvents,
  ReplayControlRequestSchema,
  ReplayJoinRequestSchema,
  type ServerToClientEvents,
  type SocketData,
} from "../../core/live/socket-events";
import type { RoomName } from "../../core/live/views";
import { replayRoom, replayViewersRoom, splitRoom } from "../../core/replay/replay-info";
import type { OpenReplay, ReplaySessions } from "./replay-sessions";

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The replays one socket has joined. */
export interface SocketReplays {
  has(id: string): boolean;
  /** Leaves every joined replay (on disconnect). */
  leaveAll(): void;
}

export interface SocketReplayOptions {
  socket: IoSocket;
  replays: ReplaySessions | undefined;
  /** Replays one socket may hold open at once. */
  maxReplaysPerSocket: number;
  /** The socket's view rooms, and how it leaves one (a replay's rooms go with the replay). */
  rooms(): Iterable<RoomName>;
  leaveRoom(room: RoomName): void;
  broadcastViewers(id: string): void;
}

/** Registers the replay handlers of one connected socket. */
export function handleSocketReplays({
  socket,
  replays,
  maxReplaysPerSocket,
  rooms,
  leaveRoom,
  broadcastViewers,
}: SocketReplayOptions): SocketReplays {
  const joined = new Set<string>();
  const joins = new Map<string, Promise<OpenReplay>>();

  const leave = (id: string) => {
    if (!joined.delete(id)) return;
    joins.delete(id);
    for (const room of [...rooms()]) if (splitRoom(room).replay === id) leaveRoom(room);
    void socket.leave(replayViewersRoom(id));
    replays?.release(id);
    broadcastViewers(id);
  };

  socket.on("replay:join", async (raw, ack) => {
    const reply = typeof ack === "function" ? ack : () => {};
    const parsed = ReplayJoinRequestSchema.safeParse(raw);
    if (!parsed.success)
      return reply({ ok: false, error: parsed.error.issues[0]?.message ?? "invalid request" });
    if (!replays) return reply({ ok: false, error: "replays are not enabled on this server" });
    const { id } = parsed.data;
    // One open per socket and replay, however many joins it sends: a viewer counts once.
    const first = !joined.has(id);
    if (first && joined.size >= maxReplaysPerSocket)
      return reply({ ok: false, error: `at most ${maxReplaysPerSocket} replays per connection` });
    let opening = joins.get(id);
    if (!opening) {
      opening = replays.open(id);
      joins.set(id, opening);
    }
    joined.add(id);
    try {
      const o = await opening;
      if (!socket.connected) return;
      if (first) await socket.join(replayViewersRoom(id));
      reply({
        ok: true,
        joined: {
          replay: o.replay,
          timeline: o.timeline,
          playback: o.session.playback(),
          viewers: replays.viewers(id),
        },
      });
      broadcastViewers(id);
    } catch (err) {
      // open() has uncounted the viewer already.
      if (joins.get(id) === opening) {
        joins.delete(id);
        joined.delete(id);
      }
      reply({ ok: false, error: describeError(err) });
    }
  });

  socket.on("replay:leave", (raw) => {
    const parsed = ReplayJoinRequestSchema.safeParse(raw);
    if (parsed.success) leave(parsed.data.id);
  });

  socket.on("replay:control", (raw, ack) => {
    const reply = typeof ack === "function" ? ack : () => {};
    const parsed = ReplayControlRequestSchema.safeParse(raw);
    if (!parsed.success)
      return reply({ ok: false, error: parsed.error.issues[0]?.message ?? "invalid request" });
    // The playback is shared by every viewer: only operators steer it.
    if (!roleAtLeast(socket.data.role, "operator"))
      return reply({ ok: false, error: `controlling a shared playback needs the operator role` });
    const open = joined.has(parsed.data.id) ? replays?.get(parsed.data.id) : null;
    if (!open) return reply({ ok: false, error: `join replay ${parsed.data.id} first (replay:join)` });
    reply({ ok: true, playback: open.session.control(parsed.data.control) });
  });

  return {
    has: (id) => joined.has(id),
    leaveAll: () => {
      for (const id of [...joined]) leave(id);
    },
  };
}

/**
 * Each open replay's hub changes go to its rooms (through `offer`, the live server's senders)
 * and its clock to its viewers. Returns `broadcastViewers` and the unwiring.
 */
export function wireReplayBroadcasts({
  io,
  replays,
  offer,
}: {
  io: IoServer;
  replays: ReplaySessions | undefined;
  offer(rooms: readonly RoomName[]): void;
}): { broadcastViewers(id: string): void; close(): void } {
  const broadcastViewers = (id: string) => {
    const open = replays?.get(id);
    if (!open) return;
    io.to(replayViewersRoom(id)).emit("replay:playback", {
      id,
      playback: open.session.playback(),
      viewers: replays?.viewers(id) ?? 0,
    });
  };
  const wiring = new Map<string, Array<() => void>>();
  const offOpen = replays?.onOpen((id, open) => {
    wiring.set(id, [
      open.session.hub.onChange((rooms) => offer(rooms.map((r) => replayRoom(id, r)))),
      open.session.onPlayback((playback) =>
        io.to(replayViewersRoom(id)).emit("replay:playback", {
          id,
          playback,
          viewers: replays.viewers(id),
        }),
      ),
    ]);
  });
  const offClose = replays?.onClose((id) => {
    for (const off of wiring.get(id) ?? []) off();
    wiring.delete(id);
  });
  return {
    broadcastViewers,
    close() {
      offOpen?.();
      offClose?.();
    },
  };
}
