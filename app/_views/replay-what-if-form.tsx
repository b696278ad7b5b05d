"use client";
/**
 * Runs another what-if from this replay's events: other capacities and rule settings, this
 * replay as its baseline. The page moves to the new replay once it is created.
 */
import { useState } from "react";
import type { ReplayInfo } from "../../core/replay/replay-info";
import { useStartReplay } from "./use-start-replay";

export function WhatIfForm({ replay }: { replay: ReplayInfo }) {
  const [capacity, setCapacity] = useState("shops=2x");
  const [rules, setRules] = useState("");
  const { busy, error, start } = useStartReplay();
  const run = () =>
    start({
      name: `${replay.name} · what-if ${[capacity, rules].filter(Boolean).join("; ")}`,
      capacity,
      rules,
      baselineId: replay.id,
    });
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
