/**
 * Sign-in, sessions, API tokens and accounts: the auth rules, over an {@link AuthStore}. Route
 * handlers and the Socket.IO handshake call these; nothing here knows about HTTP.
 */
import type { AuthStore, Principal, UserRecord } from "../../adapters/db/auth-store";
import {
  defaultScryptCost,
  dummyHash,
  hashPassword,
  type ScryptCost,
  verifyPassword,
} from "../../core/auth/password";
import { type Role, roleAtLeast } from "../../core/auth/roles";
import { createSignInThrottle, type SignInThrottle } from "../../core/auth/sign-in-throttle";
import {
  apiTokenPrefix,
  hashSecret,
  newApiToken,
  newOneTimePassword,
  newSessionSecret,
} from "../../core/auth/tokens";
import { LaunchwatchError } from "../../core/errors";

/** A rule refused the action. `status` maps it onto HTTP. */
export class AuthError extends LaunchwatchError {
  constructor(
    readonly status: 401 | 403 | 409 | 429,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface AuthService {
  signIn(username: string, password: string): Promise<{ secret: string; principal: Principal }>;
  signOut(secret: string): Promise<string | null>;
  /** Resolves a session cookie secret or an API token (`lwt_...`) to its principal. */
  authenticate(credential: { session?: string | null; bearer?: string | null }): Promise<Principal | null>;
  /** Changes the caller's password; ends their other sessions. Returns the ended session ids. */
  changePassword(p: Principal, current: string, next: string): Promise<string[]>;
  /** Admin: creates a user with a one-time password they must change at first sign-in. */
  createUser(
    p: Principal,
    username: string,
    role: Role,
  ): Promise<{ username: string; role: Role; oneTimePassword: string }>;
  /** Creates the first admin when there is no user at all. Null when users exist. */
  ensureAdmin(username?: string): Promise<{ username: string; oneTimePassword: string } | null>;
  /** Sets a new one-time password (operator tooling: `npm run users -- reset-password <name>`). */
  resetPassword(username: string): Promise<string>;
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
  throttle?: SignInThrottle;
}

export function requireRole(p: Principal, role: Role): void {
  if (!roleAtLeast(p.role, role)) throw new AuthError(403, `this needs the ${role} role (you are ${p.role})`);
}

export function createAuthService({
  store,
  clock = Date.now,
  sessionTtlMs = 12 * 3600_000,
  scryptCost = defaultScryptCost,
  throttle = createSignInThrottle({ clock }),
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
    });
    return { user, password };
  };

  return {
    sessionTtlMs,
    async signIn(username, password) {
      const wait = throttle.retryAfterMs(username);
      if (wait > 0) throw new AuthError(429, "too many failed sign-ins; try again later", wait);
      const user = await store.findUser(username);
      const ok = user
        ? await verifyPassword(password, user.passwordHash)
        : await verifyPassword(password, await (dummy ??= dummyHash(scryptCost)));
      if (!user || !ok || user.disabled) {
        throttle.failed(username);
        throw new AuthError(401, "wrong username or password");
      }
      throttle.succeeded(username);
      const secret = newSessionSecret();
      const expiresAt = new Date(clock() + sessionTtlMs);
      const { id } = await store.createSession(user.id, hashSecret(secret), expiresAt);
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
      if (session) return store.findSession(hashSecret(session), now());
      return null;
    },
    async changePassword(p, current, next) {
      if (p.credential !== "session") throw new AuthError(403, "sign in to change your password");
      const user = await store.findUser(p.username);
      if (!user || !(await verifyPassword(current, user.passwordHash)))
        throw new AuthError(401, "the current password is wrong");
      if (current === next) throw new AuthError(409, "choose a password different from the current one");
      await store.setPassword(user.id, await hashPassword(next, scryptCost), false);
      return store.deleteUserSessions(user.id, p.credentialId);
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
    async resetPassword(username) {
      const user = await store.findUser(username);
      if (!user) throw new AuthError(409, `no user ${username}`);
      const password = newOneTimePassword();
      await store.setPassword(user.id, await hashPassword(password, scryptCost), true);
      await store.deleteUserSessions(user.id);
      return password;
    },
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
