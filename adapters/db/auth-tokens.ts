/** API tokens in Postgres (Prisma's `apiToken`): secrets arrive already hashed (core/auth/tokens.ts). */
import type { PrismaClient } from "@prisma/client";
import type { Role } from "../../core/auth/roles";
import type { Principal } from "./auth-principal";
import { minRole, roleOf } from "./credential-check";

export interface ApiTokenRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiTokenStore {
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

/** @param lastUsedEveryMs how often a token's `lastUsedAt` is written at most. */
export function createApiTokenStore(prisma: PrismaClient, lastUsedEveryMs: number): ApiTokenStore {
  return {
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
  };
}
