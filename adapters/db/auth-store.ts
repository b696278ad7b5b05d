/**
 * Users, sessions and API tokens in Postgres, one store over Prisma: each table's part in its
 * own module (auth-users.ts, auth-sessions.ts, auth-tokens.ts), and here what spans sessions
 * and tokens at once. Secrets arrive already hashed (core/auth/tokens.ts).
 */
import type { PrismaClient } from "@prisma/client";
import type { CredentialVerdict } from "../../core/auth/credential-verdict";
import { createSessionStore, noIdle, type SessionStore } from "./auth-sessions";
import { type ApiTokenStore, createApiTokenStore } from "./auth-tokens";
import { createUserStore, type UserStore } from "./auth-users";
import { checkLiveCredentials } from "./credential-check";

export type { Principal } from "./auth-principal";
export type { ApiTokenRecord } from "./auth-tokens";
export type { UserRecord } from "./auth-users";

export interface AuthStore extends UserStore, SessionStore, ApiTokenStore {
  /**
   * Each live credential's verdict at `now` (valid with its current effective role, or why it
   * ended: {@link credentialVerdict}), judged as {@link findSession} and {@link findApiToken}
   * judge. Live sockets are re-checked with this; a session with a live socket counts as used.
   */
  checkCredentials(
    live: ReadonlyArray<{ credential: "session" | "token"; credentialId: string; userId: string }>,
    now: Date,
    idleMs?: number,
  ): Promise<Map<string, CredentialVerdict>>;
  /** Ids of a user's sessions and tokens (any state): whose live sockets to cut. */
  userCredentialIds(userId: string): Promise<string[]>;
}

/**
 * @param lastUsedEveryMs how often a token's `lastUsedAt` and a session's `lastSeenAt` are
 *   written at most (default 60 s), so a client polling every second does not turn reads into writes.
 */
export function createAuthStore(
  prisma: PrismaClient,
  { lastUsedEveryMs = 60_000 }: { lastUsedEveryMs?: number } = {},
): AuthStore {
  return {
    ...createUserStore(prisma),
    ...createSessionStore(prisma, lastUsedEveryMs),
    ...createApiTokenStore(prisma, lastUsedEveryMs),
    checkCredentials: (live, now, idleMs = noIdle) =>
      checkLiveCredentials(prisma, live, now, { idleMs, lastUsedEveryMs }),
    async userCredentialIds(userId) {
      const [sessions, tokens] = await Promise.all([
        prisma.session.findMany({ where: { userId }, select: { id: true } }),
        prisma.apiToken.findMany({ where: { userId }, select: { id: true } }),
      ]);
      return [...sessions, ...tokens].map((c) => c.id);
    },
  };
}
