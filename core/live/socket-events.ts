/**
 * The Socket.IO contract between the web server and the dashboard, typed once and used as the
 * generics of both `Server` and the client `Socket`. Client payloads are validated with the
 * schemas here before the server acts on them.
 */
import { z } from "zod";
import type { Annotation } from "../annotations/annotation";
import type { Role } from "../auth/roles";
import type { SecondPoint } from "../frames/frame";
import type { PipelineStatus } from "../pipeline/status";
import { type Playback, PlaybackControlSchema } from "../replay/playback";
import { ReplayIdSchema, type ReplayInfo } from "../replay/replay-info";
import type { ReplayTimeline } from "../replay/timeline";
import type { ActiveAlert } from "./alerts";
import type { BreakdownRow } from "./breakdown";
import type { EndpointRow } from "./chart-rows";
import type { EndpointView } from "./endpoint-view";
import type { OverviewView } from "./overview";
import type { ShopSample, ShopView } from "./shop-view";
import { type RoomName, type ViewKind, ViewRequestSchema } from "./views";

/** What each view sends: the latest state, and the chart samples appended since the last update. */
export interface ViewPayloads {
  overview: { view: OverviewView; sample: SecondPoint };
  chain: { view: { rows: BreakdownRow[]; at: number }; sample: never };
  city: { view: { rows: BreakdownRow[]; at: number }; sample: never };
  shop: { view: ShopView; sample: ShopSample };
  endpoint: { view: EndpointView; sample: EndpointRow };
  alerts: { view: { alerts: ActiveAlert[]; source: AlertSourceState; at: number }; sample: never };
}

/** Whether an alert engine feeds this web process: its tables answer, none is set up, or the last read failed. */
export type AlertSourceState = "connected" | "not-configured" | "unavailable";

/**
 * One update of one room. `view` is null before the first frame arrived. `samples` are newer
 * than the last update the socket got (or than `since` at subscribe); when `reset` is true the
 * client replaces its series instead of appending (first update, or it fell too far behind).
 */
export type LiveUpdate = {
  [K in ViewKind]: {
    kind: K;
    room: RoomName;
    /** Increases with every change of the room. */
    seq: number;
    view: ViewPayloads[K]["view"] | null;
    samples: Array<ViewPayloads[K]["sample"]>;
    reset: boolean;
    /** Wall-clock ms the server sent this (for lag display). */
    sentAt: number;
  };
}[ViewKind];

/** Freshness of the data behind the dashboard. */
export type FeedState = "waiting" | "live" | "stale";
/** The web process's connection to Kafka. */
export type KafkaState = "connecting" | "connected" | "down";

export interface ServerStatus {
  feed: FeedState;
  kafka: KafkaState;
  /** Wall-clock ms of the last frame received, null if none yet. */
  lastFrameAt: number | null;
  /** Workers currently reporting. */
  sources: number;
  /** The web instance this socket is connected to. */
  instance: string;
  /** Wall-clock ms on the server, so the client can show ages without trusting its own clock. */
  now: number;
  /** Lag, silence and the clock the page follows (core/pipeline/status.ts). */
  pipeline: PipelineStatus;
}

/**
 * Why the server ended a socket's session: `revoked` (its API token was revoked), `access-changed`
 * (an admin disabled the user, changed their role or reset their password), `idle` (unused too long).
 */
export type SessionEndReason =
  | "expired"
  | "signed-out"
  | "password-changed"
  | "revoked"
  | "access-changed"
  | "idle";

export const SubscribeRequestSchema = z.strictObject({
  view: ViewRequestSchema,
  /** The newest sample `t` the client already has for this view; null for a fresh series. */
  since: z.number().int().nullable(),
  /** Watch the view inside this replay instead of live. */
  replay: ReplayIdSchema.optional(),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

export type SubscribeResult = { ok: true; room: RoomName } | { ok: false; error: string };

export const UnsubscribeRequestSchema = z.strictObject({ room: z.string().min(1).max(200) });
export type UnsubscribeRequest = z.infer<typeof UnsubscribeRequestSchema>;

export const ReplayJoinRequestSchema = z.strictObject({ id: ReplayIdSchema });
export type ReplayJoinRequest = z.infer<typeof ReplayJoinRequestSchema>;

export const ReplayControlRequestSchema = z.strictObject({
  id: ReplayIdSchema,
  control: PlaybackControlSchema,
});
export type ReplayControlRequest = z.infer<typeof ReplayControlRequestSchema>;

/** What a viewer gets on joining a replay: the replay, its timeline and where the playback is. */
export interface ReplayJoined {
  replay: ReplayInfo;
  timeline: ReplayTimeline;
  playback: Playback;
  viewers: number;
}

export type ReplayJoinResult = { ok: true; joined: ReplayJoined } | { ok: false; error: string };
export type ReplayControlResult = { ok: true; playback: Playback } | { ok: false; error: string };

/** The shared playback of a replay changed (or moved on while playing). */
export interface ReplayPlaybackUpdate {
  id: string;
  playback: Playback;
  viewers: number;
}

export interface ServerToClientEvents {
  /** A room changed. The client acks once it has applied it; until then newer changes coalesce. */
  update: (update: LiveUpdate, ack: () => void) => void;
  status: (status: ServerStatus) => void;
  /** Sent just before the server disconnects a socket whose session ended. */
  "session-ended": (reason: SessionEndReason) => void;
  "replay:playback": (update: ReplayPlaybackUpdate) => void;
  /** A note or deploy marker was added (POST /api/v1/annotations): charts holding its time draw it. */
  annotation: (annotation: Annotation) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (result: SubscribeResult) => void) => void;
  unsubscribe: (request: UnsubscribeRequest) => void;
  /** Opens (or joins) a replay's shared playback. */
  "replay:join": (request: ReplayJoinRequest, ack: (result: ReplayJoinResult) => void) => void;
  "replay:leave": (request: ReplayJoinRequest) => void;
  /** Play, pause, seek or change speed, for every viewer of the replay. */
  "replay:control": (request: ReplayControlRequest, ack: (result: ReplayControlResult) => void) => void;
}

/** Per-socket data the server attaches at the handshake. */
export interface SocketData {
  userId: string;
  username: string;
  role: Role;
  /** Session id (cookie) or API token id the socket authenticated with. */
  credentialId: string;
  credential: "session" | "token";
  expiresAt: number | null;
}

/** Message of the `connect_error` the server raises for a refused handshake. */
export const unauthorizedMessage = "unauthorized";
