/**
 * HTTP requests the way a hostile or unusual client makes them: from a chosen local address
 * (127.0.0.x: a different client to the server), or as raw bytes over TCP (request lines
 * `fetch` refuses to send).
 */
import { request } from "node:http";
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request from `localAddress` (default 127.0.0.1); a JSON `body` sets the content type. */
export function httpFrom(
  url: string,
  {
    method = "GET",
    headers = {},
    body,
    localAddress,
  }: { method?: string; headers?: Record<string, string>; body?: unknown; localAddress?: string } = {},
): Promise<RawResponse> {
  const u = new URL(url);
  const data = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        localAddress,
        agent: false,
        headers: {
          ...(data !== undefined && typeof body !== "string" ? { "content-type": "application/json" } : {}),
          ...(data !== undefined ? { "content-length": String(Buffer.byteLength(data)) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

/** Sends `bytes` on a fresh TCP connection and returns what came back before the server closed it (or `timeoutMs`). */
export function rawRequest(url: string, bytes: string, timeoutMs = 3000): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: u.hostname, port: Number(u.port) }, () => socket.write(bytes));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString());
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      if (/\r\n\r\n/.test(Buffer.concat(chunks).toString())) setTimeout(done, 50);
    });
    socket.on("end", done);
    socket.on("error", (err) => (chunks.length ? done() : reject(err)));
  });
}
