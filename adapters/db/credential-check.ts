/**
 * The live sockets' credential re-check (AuthStore.checkCredentials): every live session and
 * token judged at once, with their users, in three queries; sessions still valid count as used.
 */
import type { PrismaClient } from "@prisma/client";
import {
  type CredentialFacts,
  type CredentialVerdict,
  credentialVerdict,
} from "../../core/auth/credential-verdict";
import { type Role, RoleSchema } from "../../core/auth/roles";

export const roleOf = (s: string): Role => RoleSchema.parse(s);
/** The lower of two roles (a token's role is capped by its owner's). */
export const minRole = (a: Role, b: Role): Role =>
  RoleSchema.options.indexOf(a) <= RoleSchema.options.indexOf(b) ? a : b;

/**
 * Each live credential's verdict at `now`, as the store's findSession and findApiToken judge;
 * a valid session's `lastSeenAt` is written when older than `min(lastUsedEveryMs, idleMs / 4)`.
 */
export async function checkLiveCredentials(
  prisma: PrismaClient,
  live: ReadonlyArray<{ credential: "session" | "token"; credentialId: string; userId: string }>,
  now: Date,
  { idleMs, lastUsedEveryMs }: { idleMs: number; lastUsedEveryMs: number },
): Promise<Map<string, CredentialVerdict>> {
  const ids = (c: "session" | "token") => live.filter((l) => l.credential === c).map((l) => l.credentialId);
  const [sessions, tokens, users] = await Promise.all([
    prisma.session.findMany({ where: { id: { in: ids("session") } } }),
    prisma.apiToken.findMany({ where: { id: { in: ids("token") } } }),
    prisma.user.findMany({
      where: { id: { in: [...new Set(live.map((l) => l.userId))] } },
      select: { id: true, role: true, disabledAt: true, mustChangePassword: true },
    }),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const tokenById = new Map(tokens.map((t) => [t.id, t]));
  const out = new Map<string, CredentialVerdict>();
  for (const l of live) {
    const u = userById.get(l.userId);
    const user = u ? { disabled: u.disabledAt !== null, mustChangePassword: u.mustChangePassword } : null;
    let row: CredentialFacts["row"] = null;
    const s = l.credential === "session" ? sessionById.get(l.credentialId) : undefined;
    const t = l.credential === "token" ? tokenById.get(l.credentialId) : undefined;
    if (s && s.userId === l.userId)
      row = {
        expired: s.expiresAt <= now,
        revoked: false,
        idle: now.getTime() - s.lastSeenAt.getTime() >= idleMs,
        role: roleOf(u?.role ?? "viewer"),
      };
    if (t && t.userId === l.userId)
      row = {
        expired: t.expiresAt !== null && t.expiresAt <= now,
        revoked: t.revokedAt !== null,
        idle: false,
        role: minRole(roleOf(t.role), roleOf(u?.role ?? "viewer")),
      };
    out.set(l.credentialId, credentialVerdict({ credential: l.credential, row, user }));
  }
  const touch = sessions.filter((s) => {
    const v = out.get(s.id);
    return (
      v !== undefined &&
      "role" in v &&
      now.getTime() - s.lastSeenAt.getTime() > Math.min(lastUsedEveryMs, idleMs / 4)
    );
  });
  if (touch.length)
    await prisma.session.updateMany({
      where: { id: { in: touch.map((s) => s.id) } },
      data: { lastSeenAt: now },
    });
  return out;
}
