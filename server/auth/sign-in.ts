/**
 * The credentials people and scripts use: signing in and out, resolving a session cookie or an
 * API token to its principal, the sockets' re-check, and changing one's own password.
 */
import type { AuthStore, Principal } from "../../adapters/db/auth-store";
import type { CredentialVerdict } from "../../core/auth/credential-verdict";
import { dummyHash, hashPassword, type ScryptCost, verifyPassword } from "../../core/auth/password";
import type { SignInThrottle } from "../../core/auth/sign-in-throttle";
import { apiTokenPrefix, hashSecret, newSessionSecret } from "../../core/auth/tokens";
import { LaunchwatchError } from "../../core/errors";
import { AuthError } from "./auth-error";

export interface SignIn {
  /**
   * Checks a password. The attempt is counted (per client address, per user, per user from
   * that address) before the password is verified; 429 while the throttle says wait.
   */
  signIn(
    username: string,
    password: string,
    clientAddress: string | null,
  ): Promise<{ secret: string; principal: Principal }>;
  signOut(secret: string): Promise<string | null>;
  /** Resolves a session cookie secret or an API token (`lwt_...`) to its principal. */
  authenticate(credential: { session?: string | null; bearer?: string | null }): Promise<Principal | null>;
  /** Each live credential's verdict: valid with its current role, or why it ended (socket re-checks). */
  checkCredentials(
    live: ReadonlyArray<{ credential: "session" | "token"; credentialId: string; userId: string }>,
  ): Promise<Map<string, CredentialVerdict>>;
  /**
   * Changes the caller's password; ends their other sessions and revokes their API tokens
   * (whoever knew the old password may have minted them). Returns the ended ids.
   */
  changePassword(p: Principal, current: string, next: string): Promise<string[]>;
}

export function createSignIn({
  store,
  clock,
  sessionTtlMs,
  scryptCost,
  throttle,
  idleTimeoutMs,
}: {
  store: AuthStore;
  clock: () => number;
  sessionTtlMs: number;
  scryptCost: ScryptCost;
  /** Without one, sign-in is refused. */
  throttle?: SignInThrottle;
  idleTimeoutMs: number;
}): SignIn {
  // Unknown usernames still pay for one scrypt, so timing does not tell which names exist.
  let dummy: Promise<string> | null = null;
  const now = () => new Date(clock());
  return {
    async signIn(username, password, clientAddress) {
      if (!throttle) throw new LaunchwatchError("sign-in is not available: no sign-in throttle configured");
      const attempt = { username, address: clientAddress };
      const verdict = await throttle.begin(attempt);
      if (!verdict.ok)
        throw new AuthError(429, "too many sign-in attempts; try again later", verdict.retryAfterMs);
      const user = await store.findUser(username);
      const ok = user
        ? await verifyPassword(password, user.passwordHash)
        : await verifyPassword(password, await (dummy ??= dummyHash(scryptCost)));
      if (!user || !ok || user.disabled) throw new AuthError(401, "wrong username or password");
      await throttle.succeeded(attempt);
      if (user.mustChangePassword && user.passwordExpiresAt !== null && user.passwordExpiresAt <= clock())
        throw new AuthError(401, "this one-time password has expired; ask an admin for a new one");
      const secret = newSessionSecret();
      const expiresAt = new Date(clock() + sessionTtlMs);
      const { id } = await store.createSession(user.id, hashSecret(secret), expiresAt, now());
      return {
        secret,
        principal: {
          userId: user.id,
          username: user.username,
          role: user.role,
          mustChangePassword: user.mustChangePassword,
          credential: "session",
          credentialId: id,
          expiresAt: expiresAt.getTime(),
        },
      };
    },
    async signOut(secret) {
      return (await store.deleteSession(hashSecret(secret)))?.id ?? null;
    },
    async authenticate({ session, bearer }) {
      if (bearer?.startsWith(apiTokenPrefix)) return store.findApiToken(hashSecret(bearer), now());
      if (session) return store.findSession(hashSecret(session), now(), idleTimeoutMs);
      return null;
    },
    checkCredentials: (live) => store.checkCredentials(live, now(), idleTimeoutMs),
    async changePassword(p, current, next) {
      if (p.credential !== "session") throw new AuthError(403, "sign in to change your password");
      const user = await store.findUser(p.username);
      if (!user || !(await verifyPassword(current, user.passwordHash)))
        throw new AuthError(401, "the current password is wrong");
      if (current === next) throw new AuthError(409, "choose a password different from the current one");
      await store.setPassword(user.id, await hashPassword(next, scryptCost), false);
      const sessions = await store.deleteUserSessions(user.id, p.credentialId);
      return [...sessions, ...(await store.revokeUserTokens(user.id, now()))];
    },
  };
}
