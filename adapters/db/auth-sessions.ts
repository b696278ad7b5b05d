/** Sign-in sessions in Postgres (Prisma's `session`): tokens arrive already hashed (core/auth/tokens.ts). */
import type { PrismaClient } from "@prisma/client";
import type { Principal } from "./auth-principal";
import { roleOf } from "./credential-check";

export interface SessionStore {
  createSession(userId: string, tokenHash: string, expiresAt: Date, now?: Date): Promise<{ id: string }>;
  /**
   * The session's principal when the session exists, has not expired, was used within `idleMs`
   * and its user is enabled. Records the use (at most once a minute).
   */
  findSession(tokenHash: string, now: Date, idleMs?: number): Promise<Principal | null>;
  deleteSession(tokenHash: string): Promise<{ id: string } | null>;
  /** Ends every session of a user except `keepSessionId`; returns the ended ids. */
  deleteUserSessions(userId: string, keepSessionId?: string): Promise<string[]>;
  deleteExpiredSessions(now: Date): Promise<number>;
}

/** No idle timeout: sessions last until they expire. */
export const noIdle = Number.POSITIVE_INFINITY;

/** @param lastUsedEveryMs how often a session's `lastSeenAt` is written at most. */
export function createSessionStore(prisma: PrismaClient, lastUsedEveryMs: number): SessionStore {
  return {
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
  };
}
