/**
 * The JSON HTTP API (documented in docs/DASHBOARD.md). Each handler parses, calls one domain
 * function and returns its result; the rules live in the auth service, the hub and core.
 */
import { z } from "zod";
import type { ShopDirectory } from "../../adapters/db/shop-directory";
import {
  MeResponseSchema,
  PasswordResetResponseSchema,
  TokenCreatedResponseSchema,
  TokensResponseSchema,
  tokenJson,
  UserCreatedResponseSchema,
  UsersResponseSchema,
} from "../../core/api/accounts";
import { HistorySeriesSchema } from "../../core/api/history";
import { ShopSearchResponseSchema } from "../../core/api/shops";
import {
  ChangePasswordSchema,
  CreateApiTokenSchema,
  CreateUserSchema,
  SignInSchema,
  UpdateUserSchema,
  UsernameSchema,
} from "../../core/auth/credentials";
import type { Role } from "../../core/auth/roles";
import { buildBreakdown } from "../../core/live/breakdown";
import { buildOverview, summarizeEndpoint } from "../../core/live/overview";
import { findShopLoad } from "../../core/live/shop-view";
import type { SessionEndReason } from "../../core/live/socket-events";
import { DurationTextSchema } from "../../core/time/duration";
import type { AuthService } from "../auth/auth-service";
import type { HistoryService } from "../live/history-service";
import type { LiveHub } from "../live/hub";
import { clientAddress, HttpError, parseCookies, serializeCookie } from "./respond";
import { type Route, route } from "./route";

/**
 * The session cookie's name: `__Host-` when Secure, so the browser only takes it from this
 * exact origin over HTTPS, with Path=/ and no Domain (no subdomain can plant or shadow it).
 */
export const sessionCookieName = (secure: boolean) => (secure ? "__Host-lw_session" : "lw_session");

export interface ApiDeps {
  auth: AuthService;
  hub: LiveHub;
  shops: ShopDirectory;
  history: HistoryService;
  /** Disconnects the sockets of ended sessions. */
  endSessions(credentialIds: readonly string[], reason: SessionEndReason): void;
  secureCookies: boolean;
  instanceId: string;
  /** Take the client address from the last `X-Forwarded-For` hop (behind one reverse proxy). */
  trustProxy?: boolean;
}

/** Epoch seconds, or an ISO-8601 date. */
const time = z.string().transform((s, ctx) => {
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s) / 1000;
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "epoch seconds or an ISO-8601 date" });
    return z.NEVER;
  }
  return Math.floor(n);
});
const intParam = z.string().regex(/^\d+$/, "a non-negative integer").transform(Number);
const userParam = (s: string | undefined) => {
  const u = UsernameSchema.safeParse(s);
  if (!u.success) throw new HttpError(404, "no such user");
  return u.data;
};
const many = <T extends z.ZodType>(s: T) => z.union([s.transform((v) => [v]), z.array(s)]).optional();

export function apiRoutes(d: ApiDeps): Route[] {
  const principalJson = (p: {
    username: string;
    role: Role;
    credential: string;
    mustChangePassword: boolean;
  }) => ({
    username: p.username,
    role: p.role,
    credential: p.credential,
    mustChangePassword: p.mustChangePassword,
  });

  return [
    route("POST", "/api/auth/login", { access: "public", body: SignInSchema }, async ({ body, req }) => {
      const { secret, principal } = await d.auth.signIn(
        body.username,
        body.password,
        clientAddress(req, d.trustProxy ?? false),
      );
      return {
        body: { user: principalJson(principal) },
        headers: {
          "set-cookie": serializeCookie(sessionCookieName(d.secureCookies), secret, {
            maxAgeSec: d.auth.sessionTtlMs / 1000,
            secure: d.secureCookies,
          }),
        },
      };
    }),

    route("POST", "/api/auth/logout", { access: "public" }, async ({ req }) => {
      const secret = parseCookies(req.headers.cookie)[sessionCookieName(d.secureCookies)];
      const ended = secret ? await d.auth.signOut(secret) : null;
      if (ended) d.endSessions([ended], "signed-out");
      return {
        status: 204,
        headers: {
          "set-cookie": serializeCookie(sessionCookieName(d.secureCookies), "", {
            maxAgeSec: 0,
            secure: d.secureCookies,
          }),
        },
      };
    }),

    route(
      "POST",
      "/api/auth/password",
      { access: "signed-in", body: ChangePasswordSchema },
      async ({ body, principal }) => {
        const ended = await d.auth.changePassword(principal!, body.currentPassword, body.newPassword);
        d.endSessions(ended, "password-changed");
        return { status: 204 };
      },
    ),

    route(
      "GET",
      "/api/v1/me",
      { access: "signed-in", response: MeResponseSchema },
      async ({ principal }) => ({
        body: principalJson(principal!),
      }),
    ),

    route("GET", "/api/v1/status", { access: "viewer" }, async () => ({
      body: { ...d.hub.feed(), instance: d.instanceId, now: Date.now() },
    })),

    route(
      "GET",
      "/api/v1/history",
      {
        access: "viewer",
        response: HistorySeriesSchema,
        // Each call reads snapshots over its span: a dashboard polls a few a minute.
        rateLimit: { perMinute: 120, burst: 30 },
        query: z.object({
          from: time.optional(),
          to: time.optional(),
          /** Seconds, or a duration like `15m`, `1h30m`, `1d` (core/time/duration.ts). */
          span: z
            .union([intParam, DurationTextSchema.transform((ms) => Math.floor(ms / 1000))])
            .pipe(
              z
                .number()
                .int()
                .min(10)
                .max(7 * 86_400, "at most 7 days (604800 s) per request"),
            )
            .optional(),
          maxPoints: intParam.pipe(z.number().int().min(10).max(2000)).optional(),
          shopId: many(intParam),
          group: z.string().min(1).max(64).optional(),
        }),
      },
      async ({ query }) => ({
        body: await d.history.get({
          from: query.from,
          to: query.to,
          spanSec: query.span,
          maxPoints: query.maxPoints,
          shopIds: query.shopId?.slice(0, 20),
          group: query.group,
        }),
      }),
    ),

    route("GET", "/api/v1/overview", { access: "viewer" }, async () => {
      const c = d.hub.combined();
      return { body: { overview: c ? buildOverview(c, d.hub.capacity()) : null } };
    }),

    route("GET", "/api/v1/breakdown/:dimension", { access: "viewer" }, async ({ params }) => {
      const dim = z.enum(["chain", "city"]).safeParse(params.dimension);
      if (!dim.success) throw new HttpError(404, "breakdowns exist by chain or city");
      const c = d.hub.combined();
      const cap = d.hub.capacity();
      return {
        body: {
          rows: c
            ? buildBreakdown(
                dim.data === "chain" ? c.byChain : c.byCity,
                dim.data === "chain" ? cap.byChain : cap.byCity,
              )
            : [],
        },
      };
    }),

    route(
      "GET",
      "/api/v1/shops",
      {
        access: "viewer",
        response: ShopSearchResponseSchema,
        query: z.object({
          q: z.string().max(200).default(""),
          limit: intParam.pipe(z.number().int().min(1).max(100)).default(20),
        }),
      },
      async ({ query }) => ({ body: { shops: await d.shops.search({ q: query.q, limit: query.limit }) } }),
    ),

    route("GET", "/api/v1/shops/:id", { access: "viewer" }, async ({ params }) => {
      const id = intParam.safeParse(params.id);
      if (!id.success) throw new HttpError(400, "shop id must be a non-negative integer");
      const shop = await d.shops.get(id.data);
      if (!shop) throw new HttpError(404, `no shop ${id.data}`);
      const c = d.hub.combined();
      return { body: { shop, live: c ? findShopLoad(c, id.data) : null } };
    }),

    route("GET", "/api/v1/endpoints", { access: "viewer" }, async () => {
      const live = new Map(
        (d.hub.combined()?.endpoints ?? []).map((e) => [e.endpoint, summarizeEndpoint(e)]),
      );
      const known = await d.shops.endpoints();
      const names = new Set([...known.map((e) => e.name), ...live.keys()]);
      return {
        body: {
          endpoints: [...names].sort().map((name) => {
            const ref = known.find((e) => e.name === name);
            return {
              name,
              capacityPerSecond: ref?.capacityPerSecond ?? null,
              baseLatencyMs: ref?.baseLatencyMs ?? null,
              live: live.get(name) ?? null,
            };
          }),
        },
      };
    }),

    route(
      "GET",
      "/api/v1/tokens",
      { access: "viewer", response: TokensResponseSchema },
      async ({ principal }) => ({
        body: { tokens: (await d.auth.listApiTokens(principal!)).map(tokenJson) },
      }),
    ),

    route(
      "POST",
      "/api/v1/tokens",
      { access: "operator", body: CreateApiTokenSchema, response: TokenCreatedResponseSchema },
      async ({ body, principal }) => {
        if (principal!.credential !== "session")
          throw new HttpError(403, "create tokens from a signed-in session");
        const t = await d.auth.createApiToken(principal!, body);
        return { status: 201, body: { ...t, expiresAt: t.expiresAt?.toISOString() ?? null } };
      },
    ),

    route("DELETE", "/api/v1/tokens/:id", { access: "viewer" }, async ({ params, principal }) => {
      if (!z.uuid().safeParse(params.id).success || !(await d.auth.revokeApiToken(principal!, params.id!)))
        throw new HttpError(404, "no such active token of yours");
      d.endSessions([params.id!], "revoked");
      return { status: 204 };
    }),

    route(
      "GET",
      "/api/v1/users",
      { access: "admin", response: UsersResponseSchema },
      async ({ principal }) => ({
        body: { users: await d.auth.listUsers(principal!) },
      }),
    ),

    route(
      "POST",
      "/api/v1/users",
      { access: "admin", body: CreateUserSchema, response: UserCreatedResponseSchema },
      async ({ body, principal }) => ({
        status: 201,
        body: await d.auth.createUser(principal!, body.username, body.role),
      }),
    ),

    route(
      "PUT",
      "/api/v1/users/:username",
      { access: "admin", body: UpdateUserSchema },
      async ({ params, body, principal }) => {
        const username = userParam(params.username);
        if (body.role !== undefined) {
          const ended = await d.auth.setUserRole(principal!, username, body.role);
          d.endSessions(ended.ids, ended.reason);
        }
        if (body.disabled !== undefined) {
          const ended = await d.auth.setUserDisabled(principal!, username, body.disabled);
          d.endSessions(ended.ids, ended.reason);
        }
        return { status: 204 };
      },
    ),

    route(
      "POST",
      "/api/v1/users/:username/password-reset",
      { access: "admin", response: PasswordResetResponseSchema },
      async ({ params, principal }) => {
        const r = await d.auth.adminResetPassword(principal!, userParam(params.username));
        d.endSessions(r.ended.ids, r.ended.reason);
        return { body: { oneTimePassword: r.oneTimePassword } };
      },
    ),

    route("DELETE", "/api/v1/users/:username/tokens", { access: "admin" }, async ({ params, principal }) => {
      const ended = await d.auth.revokeUserTokens(principal!, userParam(params.username));
      d.endSessions(ended.ids, ended.reason);
      return { body: { revoked: ended.ids.length } };
    }),
  ];
}
