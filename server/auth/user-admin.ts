/**
 * Accounts: creating users, the first admin, password resets, disabling, roles and revoking a
 * user's tokens. An admin acts on other users only; each change says which live credentials must
 * be cut and why.
 */
import type { AuthStore, Principal } from "../../adapters/db/auth-store";
import type { Role } from "../../core/auth/roles";
import type { SessionEndReason } from "../../core/live/socket-events";
import { AuthError, requireRole } from "./auth-error";
import type { OneTimePasswords } from "./one-time-passwords";

/** Credentials whose live sockets must be cut, and why. */
export interface EndedCredentials {
  ids: string[];
  reason: SessionEndReason;
}

export interface UserAdmin {
  /** Admin: creates a user with a one-time password they must change at first sign-in. */
  createUser(
    p: Principal,
    username: string,
    role: Role,
  ): Promise<{ username: string; role: Role; oneTimePassword: string }>;
  /** Creates the first admin when there is no user at all. Null when users exist. */
  ensureAdmin(username?: string): Promise<{ username: string; oneTimePassword: string } | null>;
  /**
   * Sets a new one-time password, ends the user's sessions and revokes their tokens (operator
   * tooling: `npm run users -- reset-password <name>`, or an admin in the dashboard).
   */
  resetPassword(username: string): Promise<{ oneTimePassword: string; ended: string[] }>;
  /** Admin: disables or re-enables a user; a disabled user's sessions end and tokens stop. */
  setUserDisabled(p: Principal, username: string, disabled: boolean): Promise<EndedCredentials>;
  /** Admin: changes a user's role; their live sockets reconnect with the new one. */
  setUserRole(p: Principal, username: string, role: Role): Promise<EndedCredentials>;
  /** Admin: a new one-time password for another user. */
  adminResetPassword(
    p: Principal,
    username: string,
  ): Promise<{ oneTimePassword: string; ended: EndedCredentials }>;
  /** Admin: revokes every API token of a user. */
  revokeUserTokens(p: Principal, username: string): Promise<EndedCredentials>;
  listUsers(p: Principal): ReturnType<AuthStore["listUsers"]>;
}

export function createUserAdmin({
  store,
  clock,
  passwords,
}: {
  store: AuthStore;
  clock: () => number;
  passwords: OneTimePasswords;
}): UserAdmin {
  const userNamed = async (username: string) => {
    const user = await store.findUser(username);
    if (!user) throw new AuthError(404, `no user ${username}`);
    return user;
  };
  /** An admin acting on another user (never on themselves: an admin cannot lock the last admin out by mistake). */
  const otherUser = async (p: Principal, username: string) => {
    requireRole(p, "admin");
    const user = await userNamed(username);
    if (user.id === p.userId) throw new AuthError(409, "use your own account page for yourself");
    return user;
  };

  return {
    async createUser(p, username, role) {
      requireRole(p, "admin");
      if (await store.findUser(username)) throw new AuthError(409, `user ${username} already exists`);
      const { user, password } = await passwords.newUser(username, role);
      return { username: user.username, role: user.role, oneTimePassword: password };
    },
    async ensureAdmin(username = "admin") {
      if ((await store.countUsers()) > 0) return null;
      try {
        const { user, password } = await passwords.newUser(username, "admin");
        return { username: user.username, oneTimePassword: password };
      } catch (err) {
        // Another web process created the first user at the same moment: it printed the password.
        if ((await store.countUsers()) > 0) return null;
        throw err;
      }
    },
    resetPassword: async (username) => passwords.reset(await userNamed(username)),
    async adminResetPassword(p, username) {
      const r = await passwords.reset(await otherUser(p, username));
      return { oneTimePassword: r.oneTimePassword, ended: { ids: r.ended, reason: "access-changed" } };
    },
    async setUserDisabled(p, username, disabled) {
      const user = await otherUser(p, username);
      await store.setDisabled(user.id, disabled ? new Date(clock()) : null);
      if (!disabled) return { ids: [], reason: "access-changed" };
      const live = await store.userCredentialIds(user.id);
      await store.deleteUserSessions(user.id);
      return { ids: live, reason: "access-changed" };
    },
    async setUserRole(p, username, role) {
      const user = await otherUser(p, username);
      await store.setRole(user.id, role);
      // Sessions stay (each request reads the role); live sockets carry the old one, so they reconnect.
      return { ids: await store.userCredentialIds(user.id), reason: "access-changed" };
    },
    async revokeUserTokens(p, username) {
      const user = await otherUser(p, username);
      return { ids: await store.revokeUserTokens(user.id, new Date(clock())), reason: "revoked" };
    },
    async listUsers(p) {
      requireRole(p, "admin");
      return store.listUsers();
    },
  };
}
