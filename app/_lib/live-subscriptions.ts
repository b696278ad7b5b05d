/**
 * The views a tab watches, one room each: every room's latest state and its chart samples, the
 * components listening to it, and the subscribe requests. A request carries the newest sample
 * held, so after a reconnect the server sends only what was missed.
 */
import type { LiveUpdate, ViewPayloads } from "../../core/live/socket-events";
import { type RoomName, roomOf, type ViewKind, type ViewRequest } from "../../core/live/views";
import { replayRoom, splitRoom } from "../../core/replay/replay-info";
import type { LiveSocket } from "./live-socket";

export interface ViewState<K extends ViewKind> {
  view: ViewPayloads[K]["view"] | null;
  samples: Array<ViewPayloads[K]["sample"]>;
  seq: number;
  /** Local ms the last update arrived; null before the first. */
  receivedAt: number | null;
}

type AnyState = { view: unknown; samples: Array<{ t: number }>; seq: number; receivedAt: number | null };

interface Subscription {
  view: ViewRequest;
  replay: string | null;
  state: AnyState;
  listeners: Set<(s: AnyState) => void>;
}

export interface Subscriptions {
  /** Watches a view (inside `replay` when not null); the function returned stops watching it. */
  add<K extends ViewKind>(
    view: Extract<ViewRequest, { kind: K }>,
    listener: (state: ViewState<K>) => void,
    replay: string | null,
  ): () => void;
  /** Asks again for every room, after a (re)connect. */
  sendAll(): void;
  /** Asks for the rooms of a replay, once the server has the join. */
  sendReplay(id: string): void;
  apply(update: LiveUpdate): void;
  /** Forgets the rooms of a replay left (the server drops them with the leave). */
  dropReplay(id: string): void;
  clear(): void;
}

export function createSubscriptions({
  socket,
  maxSamples,
  joined,
  refused,
}: {
  socket: LiveSocket;
  /** Samples kept per view. */
  maxSamples: number;
  /** Whether the server has this connection's join of a replay. */
  joined(replay: string): boolean;
  refused(error: string): void;
}): Subscriptions {
  const subs = new Map<RoomName, Subscription>();

  const lastT = (s: Subscription) => {
    const last = s.state.samples[s.state.samples.length - 1];
    return last ? last.t : null;
  };

  const send = (room: RoomName) => {
    const s = subs.get(room);
    if (!s || !socket.connected) return;
    // A replay's views wait for the (re)join; the join sends them.
    if (s.replay !== null && !joined(s.replay)) return;
    const request = { view: s.view, since: lastT(s), ...(s.replay === null ? {} : { replay: s.replay }) };
    socket.emit("subscribe", request, (r) => {
      if (!r.ok) refused(`subscription refused: ${r.error}`);
    });
  };

  // New samples after the newest held, at most `maxSamples`; a reset replaces them all.
  const merged = (held: Array<{ t: number }>, u: LiveUpdate) => {
    const samples: Array<{ t: number }> = u.samples;
    if (u.reset) return samples.slice(-maxSamples);
    if (!samples.length) return held;
    const last = held.length ? held[held.length - 1]!.t : Number.NEGATIVE_INFINITY;
    const fresh = samples.filter((x) => x.t > last);
    if (!fresh.length) return held;
    const next = held.concat(fresh);
    return next.length > maxSamples ? next.slice(next.length - maxSamples) : next;
  };

  return {
    add(view, listener, replay) {
      const room = replay === null ? roomOf(view) : replayRoom(replay, roomOf(view));
      let s = subs.get(room);
      if (!s) {
        s = {
          view,
          replay,
          state: { view: null, samples: [], seq: 0, receivedAt: null },
          listeners: new Set(),
        };
        subs.set(room, s);
        send(room);
      }
      // The state stored for a room always has the shape of that room's view kind.
      const l = listener as (st: AnyState) => void;
      s.listeners.add(l);
      if (s.state.receivedAt !== null) l(s.state);
      return () => {
        const cur = subs.get(room);
        if (!cur) return;
        cur.listeners.delete(l);
        if (cur.listeners.size === 0) {
          subs.delete(room);
          if (socket.connected) socket.emit("unsubscribe", { room });
        }
      };
    },
    sendAll() {
      for (const room of subs.keys()) send(room);
    },
    sendReplay(id) {
      for (const [room, s] of subs) if (s.replay === id) send(room);
    },
    apply(u) {
      const s = subs.get(u.room);
      if (!s) return;
      s.state = {
        view: u.view ?? s.state.view,
        samples: merged(s.state.samples, u),
        seq: u.seq,
        receivedAt: Date.now(),
      };
      for (const l of s.listeners) l(s.state);
    },
    dropReplay(id) {
      for (const room of [...subs.keys()]) if (splitRoom(room).replay === id) subs.delete(room);
    },
    clear: () => subs.clear(),
  };
}
