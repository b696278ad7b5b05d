"use client";
/**
 * Your password, your API tokens (account-tokens-panel.tsx), and (admins) the users
 * (account-users-panel.tsx). Everything goes through the JSON API (use-account-data.ts).
 */
import Link from "next/link";
import type { PagePrincipal } from "../../core/auth/principal-header";
import { AccountSecretBanner } from "./account-secret";
import { TokensPanel } from "./account-tokens-panel";
import { UsersPanel } from "./account-users-panel";
import { useAccountData } from "./use-account-data";

export function Account({ user }: { user: PagePrincipal }) {
  const isAdmin = user.role === "admin";
  const { tokens, users, secret, reveal, error, run } = useAccountData(isAdmin);

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
      {secret ? <AccountSecretBanner secret={secret} /> : null}
      <div className="grid cols-2">
        <TokensPanel user={user} tokens={tokens} run={run} reveal={reveal} />
        {isAdmin ? <UsersPanel self={user.username} users={users} run={run} reveal={reveal} /> : null}
      </div>
    </>
  );
}
