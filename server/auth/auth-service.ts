/**
 * Sign-in, sessions, API tokens and accounts: the auth rules, over an {@link AuthStore}. Route
 * handlers and the Socket.IO handshake call these; nothing here knows about HTTP.
 */
import type { AuthStore, Principal, UserRecord } from "../../adapters/db/auth-store";
import type { CredentialVerdict } from "../../core/auth/credential-verdict";
import {
  defaultScryptCost,
  dummyHash,
  hashPassword,
  type ScryptCost,
  verifyPassword,
} from "../../core/auth/password";
import { type Role, roleAtLeast } from "../../core/auth/roles";
import type { SignInThrottle } from "../../core/auth/sign-in-throttle";
import {
  apiTokenPrefix,
  hashSecret,
  newApiToken,
  newOneTimePassword,
  newSessionSecret,
} from "../../core/auth/tokens";
import { LaunchwatchError } from "../../core/errors";
import type { SessionEndReason } from "../../core/live/socket-events";

/** A rule refused the action. `status` maps it onto HTTP. */
export class AuthError extends LaunchwatchError {
  constructor(
    readonly status: 401 | 403 | 404 | 409 | 429,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Credentials whose live sockets must be cut, and why. */
export interface EndedCredentials {
  ids: string[];
  reason: SessionEndReason;
}

export interface AuthService {
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
  /**
   * Changes the caller's password; ends their other sessions and revokes their API tokens
   * (whoever knew the old password may have minted them). Returns the ended ids.
   */
  changePassword(p: Principal, current: string, next: string): Promise<string[]>;
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
  /** Each live credential's verdict: valid with its current role, or why it ended (socket re-checks). */
  checkCredentials(
    live: ReadonlyArray<{ credential: "session" | "token"; credentialId: string; userId: string }>,
  ): Promise<Map<string, CredentialVerdict>>;
  createApiToken(
    p: Principal,
    input: { name: string; role?: Role; expiresInDays: number | null },
  ): Promise<{ token: string; id: string; role: Role; expiresAt: Date | null }>;
  listApiTokens(p: Principal): ReturnType<AuthStore["listApiTokens"]>;
  revokeApiToken(p: Principal, id: string): Promise<boolean>;
  listUsers(p: Principal): ReturnType<AuthStore["listUsers"]>;
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

export function requireRole(p: Principal, role: Role): void {
  if (!roleAtLeast(p.role, role)) throw new AuthError(403, `this needs the ${role} role (you are ${p.role})`);
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
  // Unknown usernames still pay for one scrypt, so timing does not tell which names exist.
  let dummy: Promise<string> | null = null;
  const now = () => new Date(clock());

  const newUser = async (username: string, role: Role): Promise<{ user: UserRecord; password: string }> => {
    const password = newOneTimePassword();
    const user = await store.createUser({
      username,
      role,
      passwordHash: await hashPassword(password, scryptCost),
      mustChangePassword: true,
      passwordExpiresAt: new Date(clock() + oneTimePasswordTtlMs),
    });
    return { user, password };
  };
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
  const reset = async (user: UserRecord) => {
    const password = newOneTimePassword();
    await store.setPassword(
      user.id,
      await hashPassword(password, scryptCost),
      true,
      new Date(clock() + oneTimePasswordTtlMs),
    );
    const sessions = await store.deleteUserSessions(user.id);
    const tokens = await store.revokeUserTokens(user.id, now());
    return { oneTimePassword: password, ended: [...sessions, ...tokens] };
  };

  return {
    sessionTtlMs,
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
    async createUser(p, username, role) {
      requireRole(p, "admin");
      if (await store.findUser(username)) throw new AuthError(409, `user ${username} already exists`);
      const { user, password } = await newUser(username, role);
      return { username: user.username, role: user.role, oneTimePassword: password };
    },
    async ensureAdmin(username = "admin") {
      if ((await store.countUsers()) > 0) return null;
      try {
        const { user, password } = await newUser(username, "admin");
        return { username: user.username, oneTimePassword: password };
      } catch (err) {
        // Another web process created the first user at the same moment: it printed the password.
        if ((await store.countUsers()) > 0) return null;
        throw err;
      }
    },
    resetPassword: async (username) => reset(await userNamed(username)),
    async adminResetPassword(p, username) {
      const r = await reset(await otherUser(p, username));
      return { oneTimePassword: r.oneTimePassword, ended: { ids: r.ended, reason: "access-changed" } };
    },
    async setUserDisabled(p, username, disabled) {
      const user = await otherUser(p, username);
      await store.setDisabled(user.id, disabled ? now() : null);
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
      return { ids: await store.revokeUserTokens(user.id, now()), reason: "revoked" };
    },
    checkCredentials: (live) => store.checkCredentials(live, now(), idleTimeoutMs),
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
    revokeApiToken: (p, id) => store.revokeApiToken(p.userId, id, now()),
    async listUsers(p) {
      requireRole(p, "admin");
      return store.listUsers();
    },
  };
}
