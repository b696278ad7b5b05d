/**
 * The Socket.IO server of the live dashboard, typed with the shared event maps, on the web
 * server's own HTTP server and path.
 */
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server, type Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from "../../core/live/socket-events";

export type LiveServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export function createLiveIo(
  httpServer: HttpServer,
  {
    destroyUpgrade,
    originAllowed,
  }: {
    /** Leave other `upgrade` requests alone when false (Next.js dev HMR shares the server). */
    destroyUpgrade: boolean;
    originAllowed(req: IncomingMessage): boolean;
  },
): LiveServer {
  return new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    destroyUpgrade,
    // Same-origin only: the dashboard is served from this server.
    cors: undefined,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    maxHttpBufferSize: 64 * 1024,
    // Browsers send their Origin on WebSocket and polling requests; another site's page is refused.
    allowRequest: (req, done) => done(originAllowed(req) ? null : "origin not allowed", originAllowed(req)),
  });
}
