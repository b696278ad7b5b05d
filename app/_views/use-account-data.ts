"use client";
/**
 * What the Account page reads and does over the JSON API: your tokens and (admins) the users,
 * read again after every action; the action's error, and the secret an action answered with
 * (a new token, a one-time password), shown once.
 */
import { useCallback, useEffect, useState } from "react";
import {
  type ApiTokenJson,
  TokensResponseSchema,
  type UserJson,
  UsersResponseSchema,
} from "../../core/api/accounts";
import { apiFetch, errorText } from "../_lib/api-client";
import { runThenReload } from "../_lib/page-action";

/** A secret to copy now: the server does not show it again. */
export interface AccountSecret {
  label: string;
  value: string;
}

/** Runs one action, then reads tokens and users again; a failure becomes the page's error. */
export type AccountAction = (fn: () => Promise<void>) => Promise<void>;

export function useAccountData(isAdmin: boolean) {
  const [tokens, setTokens] = useState<ApiTokenJson[] | null>(null);
  const [users, setUsers] = useState<UserJson[] | null>(null);
  const [secret, setSecret] = useState<AccountSecret | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setTokens((await apiFetch("/api/v1/tokens", TokensResponseSchema)).tokens);
      if (isAdmin) setUsers((await apiFetch("/api/v1/users", UsersResponseSchema)).users);
    } catch (err) {
      setError(errorText(err));
    }
  }, [isAdmin]);
  useEffect(() => {
    void load();
  }, [load]);

  const run: AccountAction = (fn) => runThenReload(fn, load, setError);

  return { tokens, users, secret, reveal: setSecret, error, run };
}
