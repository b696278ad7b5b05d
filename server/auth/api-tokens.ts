/** API tokens: an operator mints one for a script (never above their own role), lists and revokes their own. */
import type { AuthStore, Principal } from "../../adapters/db/auth-store";
import { type Role, roleAtLeast } from "../../core/auth/roles";
import { hashSecret, newApiToken } from "../../core/auth/tokens";
import { AuthError, requireRole } from "./auth-error";

export interface ApiTokens {
  createApiToken(
    p: Principal,
    input: { name: string; role?: Role; expiresInDays: number | null },
  ): Promise<{ token: string; id: string; role: Role; expiresAt: Date | null }>;
  listApiTokens(p: Principal): ReturnType<AuthStore["listApiTokens"]>;
  revokeApiToken(p: Principal, id: string): Promise<boolean>;
}

export function createApiTokens({ store, clock }: { store: AuthStore; clock: () => number }): ApiTokens {
  return {
    async createApiToken(p, { name, role, expiresInDays }) {
      requireRole(p, "operator");
      const effective = role ?? p.role;
      if (!roleAtLeast(p.role, effective))
        throw new AuthError(403, `a token cannot have more than your role (${p.role})`);
      const token = newApiToken();
      const expiresAt = expiresInDays === null ? null : new Date(clock() + expiresInDays * 86_400_000);
      const rec = await store.createApiToken({
        userId: p.userId,
        name,
        tokenHash: hashSecret(token),
        role: effective,
        expiresAt,
      });
      return { token, id: rec.id, role: rec.role, expiresAt: rec.expiresAt };
    },
    listApiTokens: (p) => store.listApiTokens(p.userId),
    revokeApiToken: (p, id) => store.revokeApiToken(p.userId, id, new Date(clock())),
  };
}
