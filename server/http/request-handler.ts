/**
 * The HTTP dispatch of the web process: one request handler in front of the observability
 * endpoints, the JSON API and the dashboard pages (Next.js), counting every request by kind.
 * Socket.IO's own requests pass through untouched (Engine.IO answers them).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Principal } from "../../adapters/db/auth-store";
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import type { WebMetrics } from "../metrics";
import type { NextApp } from "../next-app";
import type { createPageGuard } from "./page-guard";
import { sendJson } from "./respond";
import { applyHeaders } from "./security-headers";

export interface RequestHandlerOptions {
  /** Answers /metrics, /healthz and the like; false when the request is not one of them. */
  observability(req: IncomingMessage, res: ServerResponse): boolean;
  /** The JSON API's dispatcher; false when no route matches. */
  api(req: IncomingMessage, res: ServerResponse, url: URL, principal: Principal | null): Promise<boolean>;
  pages: ReturnType<typeof createPageGuard>;
  authenticate(req: IncomingMessage): Promise<Principal | null>;
  /** The dashboard once prepared (null while starting or when pages are off). */
  nextApp(): NextApp | null;
  pagesOff: boolean;
  headers: Parameters<typeof applyHeaders>[1];
  metrics: Pick<WebMetrics, "httpRequests">;
  logger: Logger;
}

export function createRequestHandler(o: RequestHandlerOptions) {
  const count = (kind: string, res: ServerResponse) =>
    res.once("finish", () => o.metrics.httpRequests.inc({ kind, status: String(res.statusCode) }));

  const serve = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname.startsWith("/api/")) {
      count("api", res);
      const principal = await o.authenticate(req);
      if (!(await o.api(req, res, url, principal)))
        sendJson(res, 404, { error: `no API route ${url.pathname}` });
      return;
    }
    const guard = await o.pages(req, res, url);
    count(guard === "asset" ? "asset" : "page", res);
    if (guard === "handled") return;
    const nextApp = o.nextApp();
    if (!nextApp) {
      if (o.pagesOff) sendJson(res, 404, { error: "this server runs without the dashboard pages" });
      else
        sendJson(
          res,
          503,
          { error: "the dashboard is starting; retry in a few seconds" },
          { "retry-after": "2" },
        );
      return;
    }
    await nextApp.handle(req, res);
  };

  return (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      // A request target no URL parser accepts (`GET http://[ HTTP/1.1`): the client's error.
      count("invalid", res);
      sendJson(res, 400, { error: "malformed request target" });
      return;
    }
    // Engine.IO wrapped the listeners present when it attached; ours came later and sees its requests too.
    if (url.pathname.startsWith("/socket.io/")) return;
    applyHeaders(res, o.headers);
    if (o.observability(req, res)) return void count("observability", res);
    serve(req, res, url).catch((err) => {
      o.logger.error("request failed", { path: url.pathname, error: describeError(err) });
      sendJson(res, 500, { error: "internal error; see the server log" });
    });
  };
}
