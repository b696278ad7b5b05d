/**
 * The replays a tab has joined: each is joined again after every reconnect until it is left,
 * and a replay's views are asked for only once the server has the join of this connection.
 * A join asked for while disconnected is answered by the join sent on connect.
 */
import type { ReplayControlResult, ReplayJoinResult } from "../../core/live/socket-events";
import type { PlaybackControl } from "../../core/replay/playback";
import type { LiveSocket } from "./live-socket";

export interface ReplayMemberships {
  join(id: string): Promise<ReplayJoinResult>;
  leave(id: string): void;
  control(id: string, control: PlaybackControl): Promise<ReplayControlResult>;
  /** Whether the server has this connection's join of `id`. */
  isJoined(id: string): boolean;
  /** On connect: every replay joined again. */
  rejoinAll(): void;
  /** On disconnect: the server forgot every join with the connection. */
  disconnected(): void;
}

export function createReplayMemberships({
  socket,
  joined,
  left,
}: {
  socket: LiveSocket;
  /** The server has the join: its views can be asked for. */
  joined(id: string): void;
  /** Left: its views are no longer watched. */
  left(id: string): void;
}): ReplayMemberships {
  /** Replays joined, and whether the server has the join of this connection. */
  const replays = new Map<string, boolean>();
  /** Joins waiting for the connection; the join sent on connect answers them. */
  const waitingJoins = new Map<string, Array<(r: ReplayJoinResult) => void>>();

  const join = (id: string): Promise<ReplayJoinResult> =>
    new Promise((resolve) => {
      replays.set(id, false);
      if (!socket.connected) {
        waitingJoins.set(id, [...(waitingJoins.get(id) ?? []), resolve]);
        return;
      }
      socket.emit("replay:join", { id }, (r) => {
        const waiting = waitingJoins.get(id) ?? [];
        waitingJoins.delete(id);
        if (replays.has(id) && r.ok) {
          replays.set(id, true);
          joined(id);
        }
        for (const w of [resolve, ...waiting]) w(r);
      });
    });

  return {
    join,
    leave(id) {
      if (!replays.delete(id)) return;
      left(id);
      if (socket.connected) socket.emit("replay:leave", { id });
    },
    control: (id, control) =>
      new Promise((resolve) => {
        if (!socket.connected) return resolve({ ok: false, error: "not connected" });
        socket.emit("replay:control", { id, control }, resolve);
      }),
    isJoined: (id) => replays.get(id) === true,
    rejoinAll() {
      for (const id of replays.keys()) void join(id);
    },
    disconnected() {
      for (const id of replays.keys()) replays.set(id, false);
    },
  };
}
