/**
 * The one wrapper every API handler goes through: match, authenticate, parse input with Zod,
 * call the domain function, map errors to a status. Handlers stay a few lines long.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Principal } from "../../adapters/db/auth-store";
import type { Logger } from "../../adapters/log";
import { createRateLimiter } from "../../core/alerts/token-bucket";
import { type Role, roleAtLeast } from "../../core/auth/roles";
import { describeError, InvalidInputError } from "../../core/errors";
import { AuthError } from "../auth/auth-service";
import { clientAddress, containsNul, HttpError, readJsonBody, sameOrigin, sendJson } from "./respond";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** Who may call: anyone, any signed-in user (even one who must change a one-time password), or a minimum role. */
export type Access = "public" | "signed-in" | Role;

/** Requests per minute one principal (or, for public routes, one client address) may make; `burst` at once. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

export interface RouteContext<Q, B> {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: Q;
  body: B;
  principal: Principal | null;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

export interface Route {
  method: Method;
  pattern: string;
  access: Access;
  handle(ctx: RouteContext<unknown, unknown>): Promise<Reply>;
  match(method: string, path: string): Record<string, string> | null;
  querySchema?: z.ZodType;
  bodySchema?: z.ZodType;
  /** Largest JSON body accepted (default 64 KiB). */
  bodyLimitBytes?: number;
  /** The JSON body of a success (core/api/ contracts), for the OpenAPI document and the dashboard's client. */
  responseSchema?: z.ZodType;
  /** One line for the OpenAPI document. */
  summary?: string;
  rateLimit?: RateLimit;
}

/**
 * Declares a route. `pattern` segments starting with `:` capture (URL-decoded). The handler's
 * return value is the JSON body (status 200) unless it is a {@link Reply}.
 */
export function route<
  QS extends z.ZodType = z.ZodUndefined,
  BS extends z.ZodType = z.ZodUndefined,
  RS extends z.ZodType = z.ZodUnknown,
>(
  method: Method,
  pattern: string,
  opts: {
    access: Access;
    query?: QS;
    body?: BS;
    bodyLimitBytes?: number;
    /** With a response contract, the handler's body must be of its type (checked at compile time). */
    response?: RS;
    summary?: string;
    rateLimit?: RateLimit;
  },
  handler: (ctx: RouteContext<z.infer<QS>, z.infer<BS>>) => Promise<Reply & { body?: z.input<RS> }>,
): Route {
  const parts = pattern.split("/");
  return {
    method,
    pattern,
    access: opts.access,
    querySchema: opts.query,
    bodySchema: opts.body,
    bodyLimitBytes: opts.bodyLimitBytes,
    responseSchema: opts.response,
    summary: opts.summary,
    rateLimit: opts.rateLimit,
    handle: handler as (ctx: RouteContext<unknown, unknown>) => Promise<Reply>,
    match(m, path) {
      if (m !== method && !(method === "GET" && m === "HEAD")) return null;
      const segs = path.split("/");
      if (segs.length !== parts.length) return null;
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i]!;
        if (p.startsWith(":")) {
          try {
            params[p.slice(1)] = decodeURIComponent(segs[i]!);
          } catch {
            return null;
          }
        } else if (p !== segs[i]) return null;
      }
      return params;
    },
  };
}

/** Query strings as a record; a repeated key becomes an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const cur = out[k];
    out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return out;
}

/** Handles the request if a route matches its path; false otherwise. */
export type Dispatcher = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  principal: Principal | null,
) => Promise<boolean>;

/**
 * @param publicOrigin accepted as a writer's Origin besides this server's Host (behind a proxy)
 * @param trustProxy rate limits of public routes key on the last X-Forwarded-For hop
 */
export function createDispatcher(
  routes: readonly Route[],
  {
    logger,
    publicOrigin,
    trustProxy = false,
    clock = Date.now,
  }: { logger: Logger; publicOrigin?: string; trustProxy?: boolean; clock?: () => number },
): Dispatcher {
  const limits = new Map(
    routes.map((r) => [
      r,
      r.rateLimit
        ? createRateLimiter({ limitOf: () => r.rateLimit!.perMinute, maxBurst: r.rateLimit.burst })
        : null,
    ]),
  );
  return async (req, res, url, principal) => {
    const method = req.method ?? "GET";
    let found: { route: Route; params: Record<string, string> } | null = null;
    let pathMatched = false;
    for (const r of routes) {
      const params = r.match(method, url.pathname);
      if (params) {
        found = { route: r, params };
        break;
      }
      if (r.match(r.method, url.pathname)) pathMatched = true;
    }
    if (!found) {
      if (!pathMatched) return false;
      sendJson(res, 405, { error: `method ${method} not allowed here` });
      return true;
    }
    const { route: r, params } = found;
    try {
      if (r.access !== "public") {
        if (!principal)
          throw new HttpError(401, "sign in or send an API token (Authorization: Bearer lwt_...)");
        if (principal.mustChangePassword && r.access !== "signed-in")
          throw new HttpError(403, "change your one-time password first (POST /api/auth/password)");
        if (r.access !== "signed-in" && !roleAtLeast(principal.role, r.access))
          throw new HttpError(403, `this needs the ${r.access} role (you are ${principal.role})`);
        if (method !== "GET" && principal.credential === "session" && !sameOrigin(req, publicOrigin))
          throw new HttpError(403, "cross-site request refused");
      }
      const limit = limits
        .get(r)
        ?.take(principal?.userId ?? `addr:${clientAddress(req, trustProxy)}`, clock());
      if (limit && !limit.ok)
        throw new HttpError(429, "too many requests; slow down", undefined, Math.ceil(limit.waitMs / 1000));
      if (containsNul(params) || url.search.includes("%00"))
        throw new HttpError(400, "NUL characters are not accepted");
      const query = r.querySchema ? r.querySchema.safeParse(queryObject(url)) : null;
      if (query && !query.success) throw new HttpError(400, "invalid query", query.error.issues);
      const body = r.bodySchema ? await readJsonBody(req, r.bodySchema, r.bodyLimitBytes) : undefined;
      const reply = await r.handle({ req, res, params, query: query?.data, body, principal });
      if (!res.headersSent) sendJson(res, reply.status ?? 200, reply.body, reply.headers);
    } catch (err) {
      if (err instanceof HttpError)
        sendJson(
          res,
          err.status,
          { error: err.message, details: err.details },
          err.retryAfterSec ? { "retry-after": String(err.retryAfterSec) } : {},
        );
      else if (err instanceof AuthError)
        sendJson(
          res,
          err.status,
          { error: err.message },
          err.retryAfterMs ? { "retry-after": String(Math.ceil(err.retryAfterMs / 1000)) } : {},
        );
      else if (err instanceof z.ZodError) sendJson(res, 400, { error: "invalid input", details: err.issues });
      // Domain validation (e.g. the alerting queries): the message names the field.
      else if (err instanceof InvalidInputError) sendJson(res, 400, { error: err.message });
      else {
        logger.error("request failed", { path: url.pathname, error: describeError(err) });
        sendJson(res, 500, { error: "internal error; see the server log" });
      }
    }
    return true;
  };
}

/** A route without its handler (method, pattern, who may call, response contract), for docs and tests. */
export const routeSummary = ({ method, pattern, access, responseSchema }: Route) => ({
  method,
  pattern,
  access,
  responseSchema,
});
