"use client";
/** An active alert's actions (operators): acknowledge or take the ack back, and a silence pre-filled from it. */
import type { ActiveAlert } from "../../core/live/alerts";
import { apiCall } from "../_lib/api-client";

/** The silence form's matchers for an alert: its rule and its subject (shop or endpoint). */
export function silenceMatchersFor(a: ActiveAlert): string {
  return [
    `alertname="${a.rule}"`,
    ...Object.entries(a.labels)
      .filter(([k]) => k === "shop" || k === "endpoint")
      .map(([k, v]) => `${k}="${v}"`),
  ].join("\n");
}

export function AlertActions({
  alert: a,
  run,
  silence,
}: {
  alert: ActiveAlert;
  /** Runs an action, then reloads; its error is said on the page. */
  run: (fn: () => Promise<unknown>) => Promise<void>;
  /** Fills the silence form with these matchers. */
  silence: (matchers: string) => void;
}) {
  const ack = `/api/v1/alerts/${encodeURIComponent(a.id)}/ack`;
  return (
    <>
      {a.acknowledgedBy ? (
        <button type="button" onClick={() => run(() => apiCall(ack, { method: "DELETE" }))}>
          Unacknowledge
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => run(() => apiCall(ack, { method: "POST", body: { comment: "" } }))}
        >
          Acknowledge
        </button>
      )}{" "}
      <button type="button" onClick={() => silence(silenceMatchersFor(a))}>
        Silence…
      </button>
    </>
  );
}
