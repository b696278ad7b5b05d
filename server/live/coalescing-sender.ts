/**
 * Flow control for one socket: at most one update per room is in flight. While the client has
 * not acknowledged the previous update, newer changes only mark the room dirty; when the ack
 * (or its timeout) comes, one update with the latest state goes out. A slow client therefore
 * gets the newest frame, never a growing queue, and a fast one gets every change.
 */

export interface CoalescingSender {
  /** The room changed: send now if idle, else remember to send once the in-flight update is done. */
  offer(room: string): void;
  /** Stop tracking a room (unsubscribed); an in-flight update's completion is ignored. */
  drop(room: string): void;
  /** Rooms with an update in flight. */
  inFlight(): number;
  close(): void;
}

export interface SenderStats {
  /** An update went out. */
  sent?(room: string): void;
  /** A change was folded into a later update instead of being sent on its own. */
  coalesced?(room: string): void;
}

/**
 * @param send transmits the room's current state and calls `done` once the client acked it or
 *   the ack timed out (either way the room may send again).
 */
export function createCoalescingSender(
  send: (room: string, done: () => void) => void,
  stats: SenderStats = {},
): CoalescingSender {
  const state = new Map<string, { inFlight: boolean; dirty: boolean; generation: number }>();
  let closed = false;
  let generation = 0;

  const transmit = (room: string) => {
    const s = state.get(room);
    if (!s || closed) return;
    s.inFlight = true;
    s.dirty = false;
    const mine = s.generation;
    let finished = false;
    stats.sent?.(room);
    send(room, () => {
      if (finished) return;
      finished = true;
      const cur = state.get(room);
      if (!cur || cur.generation !== mine) return;
      cur.inFlight = false;
      if (cur.dirty) transmit(room);
    });
  };

  return {
    offer(room) {
      if (closed) return;
      let s = state.get(room);
      if (!s) state.set(room, (s = { inFlight: false, dirty: false, generation: ++generation }));
      if (s.inFlight) {
        if (s.dirty) stats.coalesced?.(room);
        s.dirty = true;
        return;
      }
      transmit(room);
    },
    drop(room) {
      state.delete(room);
    },
    inFlight: () => [...state.values()].filter((s) => s.inFlight).length,
    close() {
      closed = true;
      state.clear();
    },
  };
}
