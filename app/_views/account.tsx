"use client";
/** Your password, your API tokens, and (admins) the users. Everything goes through the JSON API. */
import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import {
  type ApiTokenJson,
  PasswordResetResponseSchema,
  TokenCreatedResponseSchema,
  TokensResponseSchema,
  UserCreatedResponseSchema,
  type UserJson,
  UsersResponseSchema,
} from "../../core/api/accounts";
import type { PagePrincipal } from "../../core/auth/principal-header";
import { type Role, RoleSchema, roleAtLeast, roles } from "../../core/auth/roles";
import { Empty, Panel } from "../_components/bits";
import { apiCall, apiFetch } from "../_lib/api-client";

type Token = ApiTokenJson;
type User = UserJson;

const day = (s: string | null) =>
  s ? new Date(s).toLocaleDateString("en-GB", { day: "2-digit", month: "short", year: "numeric" }) : "–";

export function Account({ user }: { user: PagePrincipal }) {
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [users, setUsers] = useState<User[] | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canTokens = roleAtLeast(user.role, "operator");
  const isAdmin = user.role === "admin";

  const load = useCallback(async () => {
    try {
      setTokens((await apiFetch("/api/v1/tokens", TokensResponseSchema)).tokens);
      if (isAdmin) setUsers((await apiFetch("/api/v1/users", UsersResponseSchema)).users);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [isAdmin]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const createToken = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = e.currentTarget;
    void run(async () => {
      const t = await apiFetch("/api/v1/tokens", TokenCreatedResponseSchema, {
        method: "POST",
        body: {
          name: String(f.get("name")),
          role: String(f.get("role")),
          expiresInDays: Number(f.get("days")),
        },
      });
      setSecret({ label: `API token “${String(f.get("name"))}”`, value: t.token });
      form.reset();
    });
  };
  const createUser = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = e.currentTarget;
    void run(async () => {
      const u = await apiFetch("/api/v1/users", UserCreatedResponseSchema, {
        method: "POST",
        body: { username: String(f.get("username")), role: String(f.get("role")) },
      });
      setSecret({ label: `One-time password for ${u.username}`, value: u.oneTimePassword });
      form.reset();
    });
  };

  // Admin actions on another user; each one also cuts that user's live dashboards.
  const userPath = (u: User) => `/api/v1/users/${encodeURIComponent(u.username)}`;
  const updateUser = (u: User, change: { role?: Role; disabled?: boolean }) =>
    void run(() => apiCall<void>(userPath(u), { method: "PUT", body: change }));
  const resetPassword = (u: User) =>
    void run(async () => {
      const r = await apiFetch(`${userPath(u)}/password-reset`, PasswordResetResponseSchema, {
        method: "POST",
      });
      setSecret({ label: `New one-time password for ${u.username}`, value: r.oneTimePassword });
    });
  const revokeTokens = (u: User) =>
    void run(async () => void (await apiCall(`${userPath(u)}/tokens`, { method: "DELETE" })));

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Account</h1>
          <div className="sub">
            Signed in as <b>{user.username}</b> ({user.role}) · <Link href="/password">change password</Link>
          </div>
        </div>
      </div>
      {error ? (
        <div className="banner crit" role="alert">
          <div>
            <strong>{error}</strong>
          </div>
        </div>
      ) : null}
      {secret ? (
        <div className="banner info" role="status" data-testid="secret">
          <div>
            <strong>{secret.label} — copy it now, it is not shown again</strong>
            <p>
              <code style={{ userSelect: "all", fontSize: 14 }}>{secret.value}</code>
            </p>
          </div>
        </div>
      ) : null}
      <div className="grid cols-2">
        <Panel title="API tokens" hint="for scripts: Authorization: Bearer <token>">
          {canTokens ? (
            <form
              onSubmit={createToken}
              style={{ display: "flex", gap: 8, flexWrap: "wrap", marginBottom: 12 }}
            >
              <input
                name="name"
                placeholder="What is it for?"
                aria-label="Token name"
                required
                maxLength={80}
              />
              <select name="role" aria-label="Token role" defaultValue="viewer">
                {roles
                  .filter((r) => roleAtLeast(user.role, r))
                  .map((r) => (
                    <option key={r}>{r}</option>
                  ))}
              </select>
              <select name="days" aria-label="Expires after" defaultValue="90">
                <option value="7">7 days</option>
                <option value="30">30 days</option>
                <option value="90">90 days</option>
                <option value="365">1 year</option>
              </select>
              <button type="submit" className="primary">
                Create token
              </button>
            </form>
          ) : (
            <p className="user">Operators and admins can create tokens.</p>
          )}
          {tokens === null ? (
            <Empty title="Loading…" />
          ) : tokens.length === 0 ? (
            <Empty title="No tokens yet" />
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Expires</th>
                  <th>Last used</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id} style={{ opacity: t.revokedAt ? 0.5 : 1 }}>
                    <td>{t.name}</td>
                    <td>{t.role}</td>
                    <td>{day(t.expiresAt)}</td>
                    <td>{day(t.lastUsedAt)}</td>
                    <td>
                      {t.revokedAt ? (
                        "revoked"
                      ) : (
                        <button
                          type="button"
                          onClick={() =>
                            run(() => apiCall<void>(`/api/v1/tokens/${t.id}`, { method: "DELETE" }))
                          }
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        {isAdmin ? (
          <Panel title="Users" hint="new users get a one-time password">
            <form
              onSubmit={createUser}
              style={{ display: "flex", gap: 8, flexWrap: "wrap", marginBottom: 12 }}
            >
              <input name="username" placeholder="username" aria-label="Username" required />
              <select name="role" aria-label="Role" defaultValue="viewer">
                {roles.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
              <button type="submit" className="primary">
                Add user
              </button>
            </form>
            {users ? (
              <table className="data">
                <thead>
                  <tr>
                    <th>User</th>
                    <th>Role</th>
                    <th>State</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {users.map((u) => (
                    <tr key={u.username}>
                      <td>{u.username}</td>
                      <td>
                        {u.username === user.username ? (
                          u.role
                        ) : (
                          <select
                            aria-label={`Role of ${u.username}`}
                            value={u.role}
                            onChange={(e) => updateUser(u, { role: RoleSchema.parse(e.target.value) })}
                          >
                            {roles.map((r) => (
                              <option key={r}>{r}</option>
                            ))}
                          </select>
                        )}
                      </td>
                      <td>
                        {u.disabled ? "disabled" : u.mustChangePassword ? "one-time password" : "active"}
                      </td>
                      <td>
                        {u.username === user.username ? null : (
                          <span style={{ display: "flex", gap: 6, flexWrap: "wrap" }}>
                            <button type="button" onClick={() => updateUser(u, { disabled: !u.disabled })}>
                              {u.disabled ? "Enable" : "Disable"}
                            </button>
                            <button type="button" onClick={() => resetPassword(u)}>
                              Reset password
                            </button>
                            <button type="button" onClick={() => revokeTokens(u)}>
                              Revoke tokens
                            </button>
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty title="Loading…" />
            )}
          </Panel>
        ) : null}
      </div>
    </>
  );
}
