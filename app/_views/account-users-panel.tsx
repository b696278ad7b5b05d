"use client";
/**
 * The Account page's users (admins only): add one (it gets a one-time password), change another
 * user's role, disable or enable them, reset their password, revoke their tokens. Each action on
 * another user also cuts that user's live dashboards.
 */
import type { FormEvent } from "react";
import {
  PasswordResetResponseSchema,
  UserCreatedResponseSchema,
  type UserJson,
} from "../../core/api/accounts";
import { type Role, RoleSchema, roles } from "../../core/auth/roles";
import { Empty, Panel } from "../_components/bits";
import { apiCall, apiFetch } from "../_lib/api-client";
import type { AccountAction, AccountSecret } from "./use-account-data";

interface UsersPanelProps {
  /** The signed-in admin: their own row is shown, not edited. */
  self: string;
  users: UserJson[] | null;
  run: AccountAction;
  reveal: (secret: AccountSecret) => void;
}

export function UsersPanel({ self, users, run, reveal }: UsersPanelProps) {
  return (
    <Panel title="Users" hint="new users get a one-time password">
      <AddUserForm run={run} reveal={reveal} />
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
              <UserRow key={u.username} u={u} self={self} run={run} reveal={reveal} />
            ))}
          </tbody>
        </table>
      ) : (
        <Empty title="Loading…" />
      )}
    </Panel>
  );
}

function AddUserForm({ run, reveal }: Pick<UsersPanelProps, "run" | "reveal">) {
  const createUser = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = e.currentTarget;
    void run(async () => {
      const u = await apiFetch("/api/v1/users", UserCreatedResponseSchema, {
        method: "POST",
        body: { username: String(f.get("username")), role: String(f.get("role")) },
      });
      reveal({ label: `One-time password for ${u.username}`, value: u.oneTimePassword });
      form.reset();
    });
  };
  return (
    <form onSubmit={createUser} style={{ display: "flex", gap: 8, flexWrap: "wrap", marginBottom: 12 }}>
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
  );
}

function UserRow({ u, self, run, reveal }: Omit<UsersPanelProps, "users"> & { u: UserJson }) {
  const userPath = `/api/v1/users/${encodeURIComponent(u.username)}`;
  const updateUser = (change: { role?: Role; disabled?: boolean }) =>
    void run(() => apiCall<void>(userPath, { method: "PUT", body: change }));
  const resetPassword = () =>
    void run(async () => {
      const r = await apiFetch(`${userPath}/password-reset`, PasswordResetResponseSchema, {
        method: "POST",
      });
      reveal({ label: `New one-time password for ${u.username}`, value: r.oneTimePassword });
    });
  const revokeTokens = () =>
    void run(async () => void (await apiCall(`${userPath}/tokens`, { method: "DELETE" })));
  const isSelf = u.username === self;
  return (
    <tr>
      <td>{u.username}</td>
      <td>
        {isSelf ? (
          u.role
        ) : (
          <select
            aria-label={`Role of ${u.username}`}
            value={u.role}
            onChange={(e) => updateUser({ role: RoleSchema.parse(e.target.value) })}
          >
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        )}
      </td>
      <td>{u.disabled ? "disabled" : u.mustChangePassword ? "one-time password" : "active"}</td>
      <td>
        {isSelf ? null : (
          <span style={{ display: "flex", gap: 6, flexWrap: "wrap" }}>
            <button type="button" onClick={() => updateUser({ disabled: !u.disabled })}>
              {u.disabled ? "Enable" : "Disable"}
            </button>
            <button type="button" onClick={resetPassword}>
              Reset password
            </button>
            <button type="button" onClick={revokeTokens}>
              Revoke tokens
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}
