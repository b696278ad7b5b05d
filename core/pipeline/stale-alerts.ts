/**
 * Alerts whose data stopped: the rule (docs/ALERTING.md, "Alerts whose data stopped"). When the
 * stream's event time has not moved for `staleAfterMs` (no worker reports, or they report the same
 * frozen second: producers gone, the simulated launch over), every alert evaluated on that data
 * resolves with the annotation `stale`; re-sends of the frozen data do not fire it again; new
 * data (the event time moving on) lets them fire again. The pipeline's own alerts (watchdog,
 * no-data, pipeline-lagging) are about exactly this and are left alone. Pure.
 */
import type { Alert } from "../alerts/alert";
import { wallClockRules } from "./page-clock";
import type { SourceReport } from "./status";

/** Whether the data behind the alerts stopped: every known worker's event time still for `staleAfterMs`. */
export function dataStopped(reports: readonly SourceReport[], now: number, staleAfterMs: number): boolean {
  if (reports.length === 0) return false;
  let moved = Number.NEGATIVE_INFINITY;
  for (const r of reports) moved = Math.max(moved, r.watermarkMovedAt);
  return now - moved > staleAfterMs;
}

/** Whether an update is about the data (not about the pipeline itself, nor posted from outside). */
export const isDataAlert = (a: { rule: string; external?: true }): boolean =>
  !a.external && !wallClockRules.has(a.rule);

/** The resolving update for an alert whose data stopped. */
export function staleResolution(
  a: Pick<Alert, "fingerprint" | "rule" | "labels" | "annotations" | "startsAt" | "value">,
  now: number,
  stoppedFor: number,
): Alert {
  return {
    v: 1,
    fingerprint: a.fingerprint,
    rule: a.rule,
    state: "resolved",
    labels: a.labels,
    annotations: { ...a.annotations, stale: `data stopped ${Math.round(stoppedFor / 1000)} s ago` },
    startsAt: a.startsAt,
    endsAt: now,
    value: a.value,
    sentAt: now,
  };
}
