"use client";
/** The Account page's API tokens: create one (operators and admins), list yours, revoke one. */
import type { FormEvent } from "react";
import { type ApiTokenJson, TokenCreatedResponseSchema } from "../../core/api/accounts";
import type { PagePrincipal } from "../../core/auth/principal-header";
import { roleAtLeast, roles } from "../../core/auth/roles";
import { Empty, Panel } from "../_components/bits";
import { apiCall, apiFetch } from "../_lib/api-client";
import type { AccountAction, AccountSecret } from "./use-account-data";

const day = (s: string | null) =>
  s ? new Date(s).toLocaleDateString("en-GB", { day: "2-digit", month: "short", year: "numeric" }) : "–";

interface TokensPanelProps {
  user: PagePrincipal;
  tokens: ApiTokenJson[] | null;
  run: AccountAction;
  reveal: (secret: AccountSecret) => void;
}

export function TokensPanel({ user, tokens, run, reveal }: TokensPanelProps) {
  return (
    <Panel title="API tokens" hint="for scripts: Authorization: Bearer <token>">
      {roleAtLeast(user.role, "operator") ? (
        <CreateTokenForm user={user} run={run} reveal={reveal} />
      ) : (
        <p className="user">Operators and admins can create tokens.</p>
      )}
      {tokens === null ? (
        <Empty title="Loading…" />
      ) : tokens.length === 0 ? (
        <Empty title="No tokens yet" />
      ) : (
        <TokensTable tokens={tokens} run={run} />
      )}
    </Panel>
  );
}

/** A new token's name, role (up to your own) and lifetime; its secret is revealed once. */
function CreateTokenForm({ user, run, reveal }: Omit<TokensPanelProps, "tokens">) {
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
      reveal({ label: `API token “${String(f.get("name"))}”`, value: t.token });
      form.reset();
    });
  };
  return (
    <form onSubmit={createToken} style={{ display: "flex", gap: 8, flexWrap: "wrap", marginBottom: 12 }}>
      <input name="name" placeholder="What is it for?" aria-label="Token name" required maxLength={80} />
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
  );
}

function TokensTable({ tokens, run }: { tokens: ApiTokenJson[]; run: AccountAction }) {
  return (
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
                  onClick={() => run(() => apiCall<void>(`/api/v1/tokens/${t.id}`, { method: "DELETE" }))}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
