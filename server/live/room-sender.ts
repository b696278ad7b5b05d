/**
 * What one socket is sent for its rooms: each room's update from its hub, with the chart samples
 * after the socket's cursor, through a coalescing sender (one update in flight per room; a slow
 * client gets the latest state). Measures the emit lag, the ack latency and what was sent or folded.
 */
import type { RoomName } from "../../core/live/views";
import { viewOfRoom } from "../../core/live/views";
import { splitRoom } from "../../core/replay/replay-info";
import type { WebMetrics } from "../metrics";
import { type CoalescingSender, createCoalescingSender } from "./coalescing-sender";
import type { LiveSocket } from "./live-io";
import type { ResolveRoom } from "./room-targets";

export interface RoomSenderOptions {
  socket: LiveSocket;
  /** The socket's rooms, each with the time of the last sample it has (null: none). */
  cursors: Map<RoomName, number | null>;
  resolve: ResolveRoom;
  metrics: WebMetrics;
  clock: () => number;
  /** An update not acked within this is considered lost; the room may send again. */
  ackTimeoutMs: number;
}

const kindOf = (room: string) => viewOfRoom(splitRoom(room).room)?.kind ?? "unknown";

export function createRoomSender({
  socket,
  cursors,
  resolve,
  metrics,
  clock,
  ackTimeoutMs,
}: RoomSenderOptions): CoalescingSender {
  const sendUpdate = (room: RoomName, done: () => void) => {
    if (!cursors.has(room)) return done();
    const now = clock();
    const target = resolve(room);
    const local = target?.hub.update(target.local, cursors.get(room) ?? null, now);
    if (!local) return done();
    const update = { ...local, room };
    const last = update.samples[update.samples.length - 1];
    if (last) cursors.set(room, last.t);
    if (update.view && "at" in update.view && update.view.at > 0) {
      metrics.emitLag.observe({ kind: update.kind }, Math.max(0, now - update.view.at) / 1000);
    }
    socket.timeout(ackTimeoutMs).emit("update", update, (err: Error | null) => {
      if (!err) metrics.ackLatency.observe((clock() - now) / 1000);
      done();
    });
  };
  return createCoalescingSender(sendUpdate, {
    sent: (room) => metrics.updatesSent.inc({ kind: kindOf(room) }),
    coalesced: (room) => metrics.updatesCoalesced.inc({ kind: kindOf(room) }),
  });
}
