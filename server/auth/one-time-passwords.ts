/**
 * One-time passwords: a new user gets one, a reset sets one; either must be changed at the first
 * sign-in and stops working after its time to live. A reset also ends the user's sessions and
 * revokes their tokens (whoever had the old password may have minted them).
 */
import type { AuthStore, UserRecord } from "../../adapters/db/auth-store";
import { hashPassword, type ScryptCost } from "../../core/auth/password";
import type { Role } from "../../core/auth/roles";
import { newOneTimePassword } from "../../core/auth/tokens";

export interface OneTimePasswords {
  /** Creates the user with a one-time password. */
  newUser(username: string, role: Role): Promise<{ user: UserRecord; password: string }>;
  /** Sets a new one-time password; returns it with the ended session and token ids. */
  reset(user: UserRecord): Promise<{ oneTimePassword: string; ended: string[] }>;
}

export function createOneTimePasswords({
  store,
  clock,
  scryptCost,
  ttlMs,
}: {
  store: AuthStore;
  clock: () => number;
  scryptCost: ScryptCost;
  ttlMs: number;
}): OneTimePasswords {
  return {
    async newUser(username, role) {
      const password = newOneTimePassword();
      const user = await store.createUser({
        username,
        role,
        passwordHash: await hashPassword(password, scryptCost),
        mustChangePassword: true,
        passwordExpiresAt: new Date(clock() + ttlMs),
      });
      return { user, password };
    },
    async reset(user) {
      const password = newOneTimePassword();
      await store.setPassword(
        user.id,
        await hashPassword(password, scryptCost),
        true,
        new Date(clock() + ttlMs),
      );
      const sessions = await store.deleteUserSessions(user.id);
      const tokens = await store.revokeUserTokens(user.id, new Date(clock()));
      return { oneTimePassword: password, ended: [...sessions, ...tokens] };
    },
  };
}
