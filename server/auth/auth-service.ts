/**
 * Sign-in, sessions, API tokens and accounts: the auth rules, over an {@link AuthStore}. Route
 * handlers and the Socket.IO handshake call these; nothing here knows about HTTP. The parts:
 * sign-in.ts (credentials in use), user-admin.ts (accounts), api-tokens.ts, and
 * one-time-passwords.ts (new users and resets).
 */
import type { AuthStore } from "../../adapters/db/auth-store";
import { defaultScryptCost, type ScryptCost } from "../../core/auth/password";
import type { SignInThrottle } from "../../core/auth/sign-in-throttle";
import { type ApiTokens, createApiTokens } from "./api-tokens";
import { createOneTimePasswords } from "./one-time-passwords";
import { createSignIn, type SignIn } from "./sign-in";
import { createUserAdmin, type UserAdmin } from "./user-admin";

export { AuthError, requireRole } from "./auth-error";
export type { EndedCredentials } from "./user-admin";

export interface AuthService extends SignIn, UserAdmin, ApiTokens {
  sessionTtlMs: number;
}

export interface AuthServiceOptions {
  store: AuthStore;
  clock?: () => number;
  /** How long a sign-in lasts (default 12 h, an on-call shift). */
  sessionTtlMs?: number;
  scryptCost?: ScryptCost;
  /** Counts sign-in attempts (adapters/db/sign-in-throttle.ts). Without one, sign-in is refused. */
  throttle?: SignInThrottle;
  /** A session unused this long ends (default: 2 h). */
  idleTimeoutMs?: number;
  /** How long a one-time password works (default 72 h). */
  oneTimePasswordTtlMs?: number;
}

export function createAuthService({
  store,
  clock = Date.now,
  sessionTtlMs = 12 * 3600_000,
  scryptCost = defaultScryptCost,
  throttle,
  idleTimeoutMs = 2 * 3600_000,
  oneTimePasswordTtlMs = 72 * 3600_000,
}: AuthServiceOptions): AuthService {
  const passwords = createOneTimePasswords({ store, clock, scryptCost, ttlMs: oneTimePasswordTtlMs });
  return {
    sessionTtlMs,
    ...createSignIn({ store, clock, sessionTtlMs, scryptCost, throttle, idleTimeoutMs }),
    ...createUserAdmin({ store, clock, passwords }),
    ...createApiTokens({ store, clock }),
  };
}
