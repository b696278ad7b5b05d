/**
 * Signing in and out, changing one's password, and who one is: the session part of the JSON
 * API. The session travels in a cookie ({@link sessionCookieName}).
 */
import { MeResponseSchema } from "../../core/api/accounts";
import { ChangePasswordSchema, SignInSchema } from "../../core/auth/credentials";
import type { Role } from "../../core/auth/roles";
import type { ApiDeps } from "./api-deps";
import { clientAddress, parseCookies, serializeCookie } from "./respond";
import { type Route, route } from "./route";

/**
 * The session cookie's name: `__Host-` when Secure, so the browser only takes it from this
 * exact origin over HTTPS, with Path=/ and no Domain (no subdomain can plant or shadow it).
 */
export const sessionCookieName = (secure: boolean) => (secure ? "__Host-lw_session" : "lw_session");

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

export function sessionRoutes(
  d: Pick<ApiDeps, "auth" | "endSessions" | "secureCookies" | "trustProxy">,
): Route[] {
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
  ];
}
