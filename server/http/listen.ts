/**
 * Puts the web process's HTTP server on its port, then prepares the dashboard pages (Next.js)
 * on it. The returned `close` functions are the caller's to run at shutdown.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNextApp, type NextApp, type NextMode } from "../next-app";

/** Listens on `port` (0: a free one); resolves with the port taken and how to close the server. */
export async function listen(
  httpServer: Server,
  port: number,
  host: string,
): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  return {
    port: (httpServer.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}

/** Prepares Next.js on the listening server; in dev its hot-reload socket gets the upgrades of `/_next/`. */
export async function startPages(
  httpServer: Server,
  { mode, dir, host, port }: { mode: NextMode; dir?: string; host: string; port: number },
): Promise<NextApp> {
  const app = await createNextApp({ mode, dir: dir ?? process.cwd(), hostname: host, port, httpServer });
  if (mode === "dev") {
    httpServer.on("upgrade", (req, socket, head) => {
      if (req.url?.startsWith("/_next/")) void app.upgrade(req, socket, head);
    });
  }
  return app;
}
