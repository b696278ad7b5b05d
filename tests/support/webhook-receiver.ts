/**
 * A real HTTP webhook receiver on 127.0.0.1 (port 0) for the alerting tests: records every
 * request (raw body, headers, query, arrival time) and answers as the test scripts it, so a test
 * can play a chat robot that is down, slow, rate-limiting or fine.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  /** Path and query as sent. */
  url: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: string;
  json: unknown;
  at: number;
  /** Requests before this one. */
  n: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: ReceivedRequest[];
  /** Requests answered 2xx (what a real receiver would have accepted). */
  accepted(): ReceivedRequest[];
  /** Changes how the following requests are answered. */
  respond(fn: (req: ReceivedRequest) => Reply): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  respond: (req: ReceivedRequest) => Reply = () => ({ status: 200, body: "ok" }),
): Promise<WebhookReceiver> {
  let answer = respond;
  const requests: ReceivedRequest[] = [];
  const ok = new Set<ReceivedRequest>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(raw);
      } catch {
        json = null;
      }
      const url = req.url ?? "/";
      const r: ReceivedRequest = {
        url,
        query: new URL(url, "http://x").searchParams,
        headers: req.headers,
        raw,
        json,
        at: Date.now(),
        n: requests.length,
      };
      requests.push(r);
      const reply = answer(r);
      const send = () => {
        if (res.destroyed) return;
        if (reply.status >= 200 && reply.status < 300) ok.add(r);
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body ?? "");
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted: () => requests.filter((r) => ok.has(r)),
    respond(fn) {
      answer = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
