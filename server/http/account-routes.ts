/**
 * API tokens (one's own) and user accounts (admins): the account part of the JSON API. What a
 * change ends (sessions, tokens) is disconnected from the live sockets at once.
 */
import { z } from "zod";
import {
  PasswordResetResponseSchema,
  TokenCreatedResponseSchema,
  TokensResponseSchema,
  tokenJson,
  UserCreatedResponseSchema,
  UsersResponseSchema,
} from "../../core/api/accounts";
import {
  CreateApiTokenSchema,
  CreateUserSchema,
  UpdateUserSchema,
  UsernameSchema,
} from "../../core/auth/credentials";
import type { ApiDeps } from "./api-deps";
import { HttpError } from "./respond";
import { type Route, route } from "./route";

const userParam = (s: string | undefined) => {
  const u = UsernameSchema.safeParse(s);
  if (!u.success) throw new HttpError(404, "no such user");
  return u.data;
};

export function accountRoutes(d: Pick<ApiDeps, "auth" | "endSessions">): Route[] {
  return [
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
