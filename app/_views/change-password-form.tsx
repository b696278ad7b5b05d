"use client";
/** Choose a new password: required after signing in with a one-time password. */
import { type FormEvent, useState } from "react";

export function ChangePasswordForm({ username }: { username: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = String(form.get("newPassword"));
    if (next !== form.get("confirm")) {
      setError("The two new passwords differ.");
      return;
    }
    setBusy(true);
    setError(null);
    const r = await fetch("/api/auth/password", {
      method: "POST",
      headers: { "content-type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ currentPassword: form.get("currentPassword"), newPassword: next }),
    }).catch(() => null);
    setBusy(false);
    if (r?.ok) {
      window.location.href = "/";
      return;
    }
    const body = (await r?.json().catch(() => ({}))) as
      | { error?: string; details?: Array<{ message: string }> }
      | undefined;
    setError(body?.details?.[0]?.message ?? body?.error ?? "The server did not answer; try again.");
  }

  return (
    <form className="panel auth-card" onSubmit={submit} data-testid="change-password">
      <h1>Choose your password</h1>
      <p className="sub">
        Signed in as <b>{username}</b>. Use at least 12 characters; a few words make a good passphrase.
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="currentPassword">Current (one-time) password</label>
        <input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>
      <div className="field">
        <label htmlFor="newPassword">New password</label>
        <input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="confirm">New password again</label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
        />
      </div>
      <button type="submit" className="primary" disabled={busy} style={{ width: "100%", padding: "8px" }}>
        {busy ? "Saving…" : "Save and continue"}
      </button>
    </form>
  );
}
