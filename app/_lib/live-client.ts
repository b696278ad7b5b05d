/**
 * The browser's live connection: one Socket.IO socket per tab, shared by every component.
 * Components subscribe to views; the client keeps each view's latest state and its chart
 * samples, re-subscribes after a reconnect with the newest sample it has (so the server sends
 * only what was missed, no page reload), and acks each update once applied, which is what lets
 * the server coalesce updates for a slow tab. Framework-free so Node tests can drive it.
 */
import { io, type Socket } from "socket.io-client";
import type { Annotation } from "../../core/annotations/annotation";
import type {
  ClientToServerEvents,
  LiveUpdate,
  ReplayControlResult,
  ReplayJoinResult,
  ReplayPlaybackUpdate,
  ServerStatus,
  ServerToClientEvents,
  SessionEndReason,
  ViewPayloads,
} from "../../core/live/socket-events";
import { unauthorizedMessage } from "../../core/live/socket-events";
import { type RoomName, roomOf, type ViewKind, type ViewRequest } from "../../core/live/views";
import type { PlaybackControl } from "../../core/replay/playback";
import { replayRoom, splitRoom } from "../../core/replay/replay-info";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "unauthorized" | "session-ended";

export interface ConnectionInfo {
  state: ConnectionState;
  status: ServerStatus | null;
  /** Why the last attempt failed, for the banner. */
  error: string | null;
  sessionEnd: SessionEndReason | null;
  /** Server clock minus ours (ms), from the last status. */
  clockOffsetMs: number;
}

export interface ViewState<K extends ViewKind> {
  view: ViewPayloads[K]["view"] | null;
  samples: Array<ViewPayloads[K]["sample"]>;
  seq: number;
  /** Local ms the last update arrived; null before the first. */
  receivedAt: number | null;
}

export interface LiveClient {
  /** Watches a view, live or (with `replay`) inside a replay this client joined. */
  subscribe<K extends ViewKind>(
    view: Extract<ViewRequest, { kind: K }>,
    listener: (state: ViewState<K>) => void,
    replay?: string | null,
  ): () => void;
  /** Joins a replay's shared playback (again after every reconnect, until `leaveReplay`). */
  joinReplay(id: string): Promise<ReplayJoinResult>;
  leaveReplay(id: string): void;
  controlReplay(id: string, control: PlaybackControl): Promise<ReplayControlResult>;
  onReplayPlayback(listener: (update: ReplayPlaybackUpdate) => void): () => void;
  /** Annotations added while connected (POST /api/v1/annotations on this web process). */
  onAnnotation(listener: (annotation: Annotation) => void): () => void;
  connection(): ConnectionInfo;
  onConnection(listener: (info: ConnectionInfo) => void): () => void;
  /** Try again after an auth failure or a session end (e.g. after signing in in another tab). */
  reconnect(): void;
  close(): void;
}

export interface LiveClientOptions {
  /** Server origin; default: the page's. */
  url?: string;
  /** An API token (for automation and tests); browsers use the session cookie. */
  token?: string;
  /** Extra handshake headers (Node only, e.g. a cookie). */
  extraHeaders?: Record<string, string>;
  /** Samples kept per view (default 900). */
  maxSamples?: number;
  /** Transports (default websocket, falling back to polling). */
  transports?: Array<"websocket" | "polling">;
}

type AnyState = { view: unknown; samples: Array<{ t: number }>; seq: number; receivedAt: number | null };

interface Subscription {
  view: ViewRequest;
  replay: string | null;
  state: AnyState;
  listeners: Set<(s: AnyState) => void>;
}

export function createLiveClient({
  url,
  token,
  extraHeaders,
  maxSamples = 900,
  transports = ["websocket", "polling"],
}: LiveClientOptions = {}): LiveClient {
  const subs = new Map<RoomName, Subscription>();
  const connListeners = new Set<(i: ConnectionInfo) => void>();
  const playbackListeners = new Set<(u: ReplayPlaybackUpdate) => void>();
  const annotationListeners = new Set<(a: Annotation) => void>();
  /** Replays joined, and whether the server has the join of this connection. */
  const replays = new Map<string, boolean>();
  let info: ConnectionInfo = {
    state: "connecting",
    status: null,
    error: null,
    sessionEnd: null,
    clockOffsetMs: 0,
  };
  const setInfo = (patch: Partial<ConnectionInfo>) => {
    info = { ...info, ...patch };
    for (const l of connListeners) l(info);
  };

  const opts = {
    path: "/socket.io",
    transports,
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    ...(token ? { auth: { token } } : {}),
    ...(extraHeaders ? { extraHeaders } : {}),
  };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = url ? io(url, opts) : io(opts);

  const lastT = (s: Subscription) => {
    const last = s.state.samples[s.state.samples.length - 1];
    return last ? last.t : null;
  };

  const send = (room: RoomName) => {
    const s = subs.get(room);
    if (!s || !socket.connected) return;
    // A replay's views wait for the (re)join; the join sends them.
    if (s.replay !== null && replays.get(s.replay) !== true) return;
    const request = { view: s.view, since: lastT(s), ...(s.replay === null ? {} : { replay: s.replay }) };
    socket.emit("subscribe", request, (r) => {
      if (!r.ok) setInfo({ error: `subscription refused: ${r.error}` });
    });
  };

  const apply = (u: LiveUpdate) => {
    const s = subs.get(u.room);
    if (!s) return;
    const samples: Array<{ t: number }> = u.samples;
    let next = s.state.samples;
    if (u.reset) next = samples.slice(-maxSamples);
    else if (samples.length) {
      const last = next.length ? next[next.length - 1]!.t : Number.NEGATIVE_INFINITY;
      const fresh = samples.filter((x) => x.t > last);
      if (fresh.length) {
        next = next.concat(fresh);
        if (next.length > maxSamples) next = next.slice(next.length - maxSamples);
      }
    }
    s.state = { view: u.view ?? s.state.view, samples: next, seq: u.seq, receivedAt: Date.now() };
    for (const l of s.listeners) l(s.state);
  };

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
          for (const [room, s] of subs) if (s.replay === id) send(room);
        }
        for (const w of [resolve, ...waiting]) w(r);
      });
    });

  socket.on("connect", () => {
    setInfo({ state: "connected", error: null, sessionEnd: null });
    for (const id of replays.keys()) void join(id);
    for (const room of subs.keys()) send(room);
  });
  socket.on("replay:playback", (u) => {
    for (const l of playbackListeners) l(u);
  });
  socket.on("annotation", (a) => {
    for (const l of annotationListeners) l(a);
  });
  socket.on("connect_error", (err) => {
    if (err.message === unauthorizedMessage) setInfo({ state: "unauthorized", error: "not signed in" });
    else setInfo({ state: "reconnecting", error: err.message });
  });
  socket.on("disconnect", (reason) => {
    for (const id of replays.keys()) replays.set(id, false);
    if (info.state === "session-ended") return;
    // The server only disconnects a socket on purpose when its session ended.
    setInfo({ state: reason === "io server disconnect" ? "session-ended" : "reconnecting", error: reason });
  });
  socket.on("session-ended", (reason) => setInfo({ state: "session-ended", sessionEnd: reason }));
  socket.on("status", (status) => setInfo({ status, clockOffsetMs: status.now - Date.now() }));
  socket.on("update", (u, ack) => {
    try {
      apply(u);
    } finally {
      ack();
    }
  });

  return {
    subscribe(view, listener, replay = null) {
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
    joinReplay: join,
    leaveReplay(id) {
      if (!replays.delete(id)) return;
      for (const room of [...subs.keys()]) if (splitRoom(room).replay === id) subs.delete(room);
      if (socket.connected) socket.emit("replay:leave", { id });
    },
    controlReplay: (id, control) =>
      new Promise((resolve) => {
        if (!socket.connected) return resolve({ ok: false, error: "not connected" });
        socket.emit("replay:control", { id, control }, resolve);
      }),
    onReplayPlayback(l) {
      playbackListeners.add(l);
      return () => playbackListeners.delete(l);
    },
    onAnnotation(l) {
      annotationListeners.add(l);
      return () => annotationListeners.delete(l);
    },
    connection: () => info,
    onConnection(l) {
      connListeners.add(l);
      return () => connListeners.delete(l);
    },
    reconnect() {
      setInfo({ state: "connecting", error: null, sessionEnd: null });
      socket.connect();
    },
    close() {
      subs.clear();
      connListeners.clear();
      socket.disconnect();
    },
  };
}
