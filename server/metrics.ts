/** Prometheus metrics of the web process (see adapters/http/observability.ts for /metrics). */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface WebMetrics {
  framesReceived: Counter<"result">;
  frameAge: Histogram;
  connectedSockets: Gauge;
  handshakesRefused: Counter;
  updatesSent: Counter<"kind">;
  updatesCoalesced: Counter<"kind">;
  emitLag: Histogram<"kind">;
  ackLatency: Histogram;
  httpRequests: Counter<"kind" | "status">;
  watchedShops: Gauge;
}

/** Registers the web metrics on `registry` (names prefixed `launchwatch_web_`). */
export function createWebMetrics(registry: Registry): WebMetrics {
  const registers = [registry];
  const lagBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10];
  return {
    framesReceived: new Counter({
      name: "launchwatch_web_frames_received_total",
      help: "Frames consumed from Kafka, by result (ok, invalid).",
      labelNames: ["result"],
      registers,
    }),
    frameAge: new Histogram({
      name: "launchwatch_web_frame_age_seconds",
      help: "Wall-clock time from a worker publishing a frame to this process receiving it.",
      buckets: lagBuckets,
      registers,
    }),
    connectedSockets: new Gauge({
      name: "launchwatch_web_connected_sockets",
      help: "Socket.IO clients connected to this process.",
      registers,
    }),
    handshakesRefused: new Counter({
      name: "launchwatch_web_socket_handshakes_refused_total",
      help: "Socket.IO connections refused for missing or invalid credentials.",
      registers,
    }),
    updatesSent: new Counter({
      name: "launchwatch_web_updates_sent_total",
      help: "Room updates emitted to sockets, by view kind.",
      labelNames: ["kind"],
      registers,
    }),
    updatesCoalesced: new Counter({
      name: "launchwatch_web_updates_coalesced_total",
      help: "Room changes folded into a later update because the client had not acked the previous one.",
      labelNames: ["kind"],
      registers,
    }),
    emitLag: new Histogram({
      name: "launchwatch_web_emit_lag_seconds",
      help: "Time from the newest frame's publication by a worker to an update carrying it being emitted.",
      labelNames: ["kind"],
      buckets: lagBuckets,
      registers,
    }),
    ackLatency: new Histogram({
      name: "launchwatch_web_update_ack_seconds",
      help: "Time from emitting an update to the client's ack.",
      buckets: lagBuckets,
      registers,
    }),
    httpRequests: new Counter({
      name: "launchwatch_web_http_requests_total",
      help: "HTTP requests by kind (api, page, asset, observability) and status.",
      labelNames: ["kind", "status"],
      registers,
    }),
    watchedShops: new Gauge({
      name: "launchwatch_web_watched_shops",
      help: "Shops this process's clients are viewing (published to the watch topic).",
      registers,
    }),
  };
}
