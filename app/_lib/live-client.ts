/**
 * The browser's live connection: one Socket.IO socket per tab, shared by every component.
 * Components subscribe to views; the client keeps each view's latest state and its chart
 * samples, re-subscribes after a reconnect with the newest sample it has (so the server sends
 * only what was missed, no page reload), and acks each update once applied, which is what lets
 * the server coalesce updates for a slow tab. Framework-free so Node tests can drive it.
 *
 * It wires three parts to the socket's events: the connection state (live-connection-state),
 * the views watched (live-subscriptions) and the replays joined (live-replays).
 */
import type { Annotation } from "../../core/annotations/annotation";
import type {
  ReplayControlResult,
  ReplayJoinResult,
  ReplayPlaybackUpdate,
} from "../../core/live/socket-events";
import type { ViewKind, ViewRequest } from "../../core/live/views";
import type { PlaybackControl } from "../../core/replay/playback";
import { type ConnectionInfo, createConnectionState } from "./live-connection-state";
import { createListeners } from "./live-listeners";
import { createReplayMemberships } from "./live-replays";
import { type LiveSocketOptions, openLiveSocket } from "./live-socket";
import { createSubscriptions, type ViewState } from "./live-subscriptions";

export type { ConnectionInfo, ConnectionState } from "./live-connection-state";
export type { ViewState } from "./live-subscriptions";

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

export interface LiveClientOptions extends LiveSocketOptions {
  /** Samples kept per view (default 900). */
  maxSamples?: number;
}

export function createLiveClient({ maxSamples = 900, ...socketOptions }: LiveClientOptions = {}): LiveClient {
  const socket = openLiveSocket(socketOptions);
  const connection = createConnectionState();
  const playback = createListeners<ReplayPlaybackUpdate>();
  const annotations = createListeners<Annotation>();
  // Each part asks the other only through these callbacks, called after both exist.
  const subs = createSubscriptions({
    socket,
    maxSamples,
    joined: (replay) => replays.isJoined(replay),
    refused: connection.refused,
  });
  const replays = createReplayMemberships({
    socket,
    joined: (id) => subs.sendReplay(id),
    left: (id) => subs.dropReplay(id),
  });

  socket.on("connect", () => {
    connection.connected();
    replays.rejoinAll();
    subs.sendAll();
  });
  socket.on("replay:playback", playback.emit);
  socket.on("annotation", annotations.emit);
  socket.on("connect_error", (err) => connection.connectFailed(err.message));
  socket.on("disconnect", (reason) => {
    replays.disconnected();
    connection.disconnected(reason);
  });
  socket.on("session-ended", connection.sessionEnded);
  socket.on("status", connection.status);
  socket.on("update", (u, ack) => {
    try {
      subs.apply(u);
    } finally {
      ack();
    }
  });

  return {
    subscribe: (view, listener, replay = null) => subs.add(view, listener, replay),
    joinReplay: replays.join,
    leaveReplay: replays.leave,
    controlReplay: replays.control,
    onReplayPlayback: playback.add,
    onAnnotation: annotations.add,
    connection: connection.info,
    onConnection: connection.onChange,
    reconnect() {
      connection.connecting();
      socket.connect();
    },
    close() {
      subs.clear();
      connection.clear();
      socket.disconnect();
    },
  };
}
