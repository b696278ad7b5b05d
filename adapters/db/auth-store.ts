/** Users, sessions and API tokens in Postgres. Secrets arrive already hashed (core/auth/tokens.ts). */
import type { PrismaClient } from "@prisma/client";
import type { CredentialVerdict } from "../../core/auth/credential-verdict";
import type { Role } from "../../core/auth/roles";
import { checkLiveCredentials, minRole, roleOf } from "./credential-check";

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  mustChangePassword: boolean;
  disabled: boolean;
  /** Wall-clock ms a one-time password stops working; null for a chosen password. */
  passwordExpiresAt: number | null;
}

/** A credential resolved to its user: what every authenticated request carries. */
export interface Principal {
  userId: string;
  username: string;
  /** The effective role (a token's role, capped by its owner's). */
  role: Role;
  mustChangePassword: boolean;
  credential: "session" | "token";
  credentialId: string;
  /** Wall-clock ms the credential stops working; null for a token without expiry. */
  expiresAt: number | null;
}

export interface ApiTokenRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface AuthStore {
  countUsers(): Promise<number>;
  findUser(username: string): Promise<UserRecord | null>;
  createUser(u: {
    username: string;
    passwordHash: string;
    role: Role;
    mustChangePassword: boolean;
    passwordExpiresAt?: Date | null;
  }): Promise<UserRecord>;
  /** A one-time password (`mustChangePassword`) may carry an expiry. */
  setPassword(
    userId: string,
    passwordHash: string,
    mustChangePassword: boolean,
    passwordExpiresAt?: Date | null,
  ): Promise<void>;
  setRole(userId: string, role: Role): Promise<void>;
  setDisabled(userId: string, disabledAt: Date | null): Promise<void>;
  listUsers(): Promise<Array<Omit<UserRecord, "passwordHash">>>;

  createSession(userId: string, tokenHash: string, expiresAt: Date, now?: Date): Promise<{ id: string }>;
  /**
   * The session's principal when the session exists, has not expired, was used within `idleMs`
   * and its user is enabled. Records the use (at most once a minute).
   */
  findSession(tokenHash: string, now: Date, idleMs?: number): Promise<Principal | null>;
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
  deleteSession(tokenHash: string): Promise<{ id: string } | null>;
  /** Ends every session of a user except `keepSessionId`; returns the ended ids. */
  deleteUserSessions(userId: string, keepSessionId?: string): Promise<string[]>;
  deleteExpiredSessions(now: Date): Promise<number>;

  createApiToken(t: {
    userId: string;
    name: string;
    tokenHash: string;
    role: Role;
    expiresAt: Date | null;
  }): Promise<ApiTokenRecord>;
  findApiToken(tokenHash: string, now: Date): Promise<Principal | null>;
  listApiTokens(userId: string): Promise<ApiTokenRecord[]>;
  revokeApiToken(userId: string, tokenId: string, now: Date): Promise<boolean>;
  /** Revokes every active token of a user; returns their ids. */
  revokeUserTokens(userId: string, now: Date): Promise<string[]>;
  /** Ids of a user's sessions and tokens (any state): whose live sockets to cut. */
  userCredentialIds(userId: string): Promise<string[]>;
}

function toUser(u: {
  id: string;
  username: string;
  passwordHash: string;
  role: string;
  mustChangePassword: boolean;
  disabledAt: Date | null;
  passwordExpiresAt: Date | null;
}): UserRecord {
  return {
    id: u.id,
    username: u.username,
    passwordHash: u.passwordHash,
    role: roleOf(u.role),
    mustChangePassword: u.mustChangePassword,
    disabled: u.disabledAt !== null,
    passwordExpiresAt: u.passwordExpiresAt ? u.passwordExpiresAt.getTime() : null,
  };
}

function toToken(t: {
  id: string;
  name: string;
  role: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiTokenRecord {
  return {
    id: t.id,
    name: t.name,
    role: roleOf(t.role),
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
  };
}

/** No idle timeout: sessions last until they expire. */
const noIdle = Number.POSITIVE_INFINITY;

/**
 * @param lastUsedEveryMs how often a token's `lastUsedAt` and a session's `lastSeenAt` are
 *   written at most (default 60 s), so a client polling every second does not turn reads into writes.
 */
export function createAuthStore(
  prisma: PrismaClient,
  { lastUsedEveryMs = 60_000 }: { lastUsedEveryMs?: number } = {},
): AuthStore {
  return {
    countUsers: () => prisma.user.count(),
    async findUser(username) {
      const u = await prisma.user.findUnique({ where: { username } });
      return u ? toUser(u) : null;
    },
    async createUser(u) {
      return toUser(await prisma.user.create({ data: u }));
    },
    async setPassword(userId, passwordHash, mustChangePassword, passwordExpiresAt = null) {
      await prisma.user.update({
        where: { id: userId },
        data: { passwordHash, mustChangePassword, passwordExpiresAt },
      });
    },
    async setRole(userId, role) {
      await prisma.user.update({ where: { id: userId }, data: { role } });
    },
    async setDisabled(userId, disabledAt) {
      await prisma.user.update({ where: { id: userId }, data: { disabledAt } });
    },
    async listUsers() {
      const users = await prisma.user.findMany({ orderBy: { username: "asc" } });
      return users.map((u) => {
        const { passwordHash: _, ...rest } = toUser(u);
        return rest;
      });
    },

    createSession: (userId, tokenHash, expiresAt, now = new Date()) =>
      prisma.session.create({
        data: { userId, tokenHash, expiresAt, lastSeenAt: now },
        select: { id: true },
      }),
    async findSession(tokenHash, now, idleMs = noIdle) {
      const s = await prisma.session.findUnique({ where: { tokenHash }, include: { user: true } });
      if (!s || s.expiresAt <= now || s.user.disabledAt !== null) return null;
      if (now.getTime() - s.lastSeenAt.getTime() >= idleMs) return null;
      if (now.getTime() - s.lastSeenAt.getTime() > Math.min(lastUsedEveryMs, idleMs / 4))
        await prisma.session.updateMany({ where: { id: s.id }, data: { lastSeenAt: now } });
      return {
        userId: s.userId,
        username: s.user.username,
        role: roleOf(s.user.role),
        mustChangePassword: s.user.mustChangePassword,
        credential: "session",
        credentialId: s.id,
        expiresAt: s.expiresAt.getTime(),
      };
    },
    checkCredentials: (live, now, idleMs = noIdle) =>
      checkLiveCredentials(prisma, live, now, { idleMs, lastUsedEveryMs }),
    async deleteSession(tokenHash) {
      const s = await prisma.session.findUnique({ where: { tokenHash }, select: { id: true } });
      if (!s) return null;
      await prisma.session.deleteMany({ where: { id: s.id } });
      return s;
    },
    async deleteUserSessions(userId, keepSessionId) {
      const where = { userId, ...(keepSessionId ? { NOT: { id: keepSessionId } } : {}) };
      const ids = (await prisma.session.findMany({ where, select: { id: true } })).map((s) => s.id);
      await prisma.session.deleteMany({ where: { id: { in: ids } } });
      return ids;
    },
    async deleteExpiredSessions(now) {
      return (await prisma.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
    },

    async createApiToken(t) {
      return toToken(await prisma.apiToken.create({ data: t }));
    },
    async findApiToken(tokenHash, now) {
      const t = await prisma.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
      if (
        !t ||
        t.revokedAt !== null ||
        (t.expiresAt !== null && t.expiresAt <= now) ||
        t.user.disabledAt !== null
      )
        return null;
      if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > lastUsedEveryMs) {
        await prisma.apiToken.update({ where: { id: t.id }, data: { lastUsedAt: now } });
      }
      return {
        userId: t.userId,
        username: t.user.username,
        role: minRole(roleOf(t.role), roleOf(t.user.role)),
        // A token is for automation: it never gates on the owner's password change.
        mustChangePassword: false,
        credential: "token",
        credentialId: t.id,
        expiresAt: t.expiresAt ? t.expiresAt.getTime() : null,
      };
    },
    async listApiTokens(userId) {
      const ts = await prisma.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
      return ts.map(toToken);
    },
    async revokeApiToken(userId, tokenId, now) {
      const r = await prisma.apiToken.updateMany({
        where: { id: tokenId, userId, revokedAt: null },
        data: { revokedAt: now },
      });
      return r.count > 0;
    },
    async revokeUserTokens(userId, now) {
      const where = { userId, revokedAt: null };
      const ids = (await prisma.apiToken.findMany({ where, select: { id: true } })).map((t) => t.id);
      await prisma.apiToken.updateMany({ where: { id: { in: ids } }, data: { revokedAt: now } });
      return ids;
    },
    async userCredentialIds(userId) {
      const [sessions, tokens] = await Promise.all([
        prisma.session.findMany({ where: { userId }, select: { id: true } }),
        prisma.apiToken.findMany({ where: { userId }, select: { id: true } }),
      ]);
      return [...sessions, ...tokens].map((c) => c.id);
    },
  };
}
