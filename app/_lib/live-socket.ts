/**
 * The one Socket.IO socket of a tab, typed with the server's event maps. Reconnects on its own
 * (0.5 s, backing off to 5 s); the session cookie goes with it, or an API token when given.
 */
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../core/live/socket-events";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveSocketOptions {
  /** Server origin; default: the page's. */
  url?: string;
  /** An API token (for automation and tests); browsers use the session cookie. */
  token?: string;
  /** Extra handshake headers (Node only, e.g. a cookie). */
  extraHeaders?: Record<string, string>;
  /** Transports (default websocket, falling back to polling). */
  transports?: Array<"websocket" | "polling">;
}

export function openLiveSocket({
  url,
  token,
  extraHeaders,
  transports = ["websocket", "polling"],
}: LiveSocketOptions): LiveSocket {
  const opts = {
    path: "/socket.io",
    transports,
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    ...(token ? { auth: { token } } : {}),
    ...(extraHeaders ? { extraHeaders } : {}),
  };
  return url ? io(url, opts) : io(opts);
}
