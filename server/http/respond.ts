/** Small HTTP primitives for the custom server: JSON in and out, cookies, errors with a status. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { LaunchwatchError } from "../../core/errors";

export class HttpError extends LaunchwatchError {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly retryAfterSec?: number,
  ) {
    super(message);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
) {
  if (res.headersSent) return;
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/**
 * Whether `v` holds a NUL character in any string (keys included). Postgres text cannot store
 * one, so such input is refused at the boundary instead of failing in a query.
 */
export function containsNul(v: unknown, depth = 0): boolean {
  if (typeof v === "string") return v.includes("\u0000");
  if (depth > 64 || v === null || typeof v !== "object") return false;
  for (const [k, x] of Object.entries(v)) if (k.includes("\u0000") || containsNul(x, depth + 1)) return true;
  return false;
}

/** Reads and validates a JSON body of at most `limitBytes` (default 64 KiB). */
export async function readJsonBody<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  limitBytes = 64 * 1024,
): Promise<z.infer<S>> {
  const type = req.headers["content-type"] ?? "";
  if (!type.toLowerCase().startsWith("application/json"))
    throw new HttpError(415, "send a JSON body (content-type: application/json)");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new HttpError(413, `body larger than ${limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
  } catch {
    throw new HttpError(400, "body is not valid JSON");
  }
  if (containsNul(json)) throw new HttpError(400, "NUL characters are not accepted");
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new HttpError(400, "invalid body", parsed.error.issues);
  return parsed.data;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!k || k in out) continue;
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // A cookie another app set with bad escaping is not ours to fail on.
    }
  }
  return out;
}

export function serializeCookie(
  name: string,
  value: string,
  { maxAgeSec, secure, httpOnly = true }: { maxAgeSec: number; secure: boolean; httpOnly?: boolean },
): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(maxAgeSec))}`,
    "SameSite=Lax",
    ...(httpOnly ? ["HttpOnly"] : []),
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** The bearer token of an `Authorization` header, if any. */
export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1]! : null;
}

/**
 * The client's address: the TCP peer, or with `trustProxy` the last `X-Forwarded-For` entry
 * (the one the reverse proxy in front appended; earlier entries are the client's to forge).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const h = req.headers["x-forwarded-for"];
    const last = (Array.isArray(h) ? h.join(",") : (h ?? "")).split(",").pop()?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? null;
}

/**
 * Cross-site request check for cookie-authenticated writes and socket handshakes: when the
 * browser sends an Origin, it must be this server's (its Host) or `publicOrigin` (the address
 * behind a proxy). SameSite=Lax already keeps the cookie off cross-site POSTs.
 */
export function sameOrigin(req: IncomingMessage, publicOrigin?: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    const o = new URL(origin);
    return o.host === req.headers.host || (publicOrigin !== undefined && o.origin === publicOrigin);
  } catch {
    return false;
  }
}
