"use client";
/** Sign-in for on-call users. On success: back to the page that sent them here. */
import { type FormEvent, useState } from "react";
import { safeNext } from "../_lib/safe-next";

export function SignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const r = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ username: form.get("username"), password: form.get("password") }),
      });
      if (r.ok) {
        const { user } = (await r.json()) as { user: { mustChangePassword: boolean } };
        window.location.href = user.mustChangePassword
          ? "/password"
          : safeNext(new URLSearchParams(window.location.search).get("next"), window.location.origin);
        return;
      }
      const body = (await r.json().catch(() => ({}))) as { error?: string };
      setError(
        r.status === 429
          ? `Too many failed attempts. Wait ${r.headers.get("retry-after") ?? "a few"} seconds and try again.`
          : r.status === 401
            ? "Wrong username or password."
            : (body.error ?? `Sign-in failed (${r.status}).`),
      );
    } catch {
      setError("The dashboard server did not answer. Check that it is running (npm run web).");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel auth-card" onSubmit={submit} data-testid="sign-in">
      <h1>
        Launch<span style={{ color: "var(--accent)" }}>watch</span>
      </h1>
      <p className="sub">Sign in to the on-call dashboard.</p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="primary" disabled={busy} style={{ width: "100%", padding: "8px" }}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="form-note">
        First run? The web process printed a one-time password for <b>admin</b> when it started. Lost it? Run{" "}
        <code>npm run users -- reset-password admin</code>.
      </p>
    </form>
  );
}
