"use client";
/**
 * Runs another what-if from this replay's events: other capacities and rule settings, this
 * replay as its baseline. The page moves to the new replay once it is created.
 */
import { useState } from "react";
import { ReplayCreatedResponseSchema } from "../../core/api/replays";
import type { ReplayInfo } from "../../core/replay/replay-info";
import { apiFetch, errorText } from "../_lib/api-client";

export function WhatIfForm({ replay }: { replay: ReplayInfo }) {
  const [capacity, setCapacity] = useState("shops=2x");
  const [rules, setRules] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await apiFetch("/api/v1/replays", ReplayCreatedResponseSchema, {
        method: "POST",
        body: {
          name: `${replay.name} · what-if ${[capacity, rules].filter(Boolean).join("; ")}`,
          capacity,
          rules,
          baselineId: replay.id,
        },
      });
      window.location.href = `/replays/${r.replay.id}`;
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <label>
        Capacities{" "}
        <input
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
          placeholder="shops=2x; chain:Heytea=1.5x; endpoint:POST /order/create=2x"
          size={44}
          data-testid="whatif-capacity"
        />
      </label>
      <label>
        Rules{" "}
        <input
          value={rules}
          onChange={(e) => setRules(e.target.value)}
          placeholder="rule:shop-over-capacity.for=5m"
          size={34}
          data-testid="whatif-rules"
        />
      </label>
      <button type="submit" className="primary" disabled={busy} data-testid="whatif-run">
        {busy ? "Starting…" : "Run what-if"}
      </button>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
