/**
 * What the Alerts page says when no alert reaches anyone: no notifier runs (or none leads), or
 * every receiver is disabled. The receivers' report's rule is core/alerts/receiver-report.ts.
 */
import type { ReceiversResponse } from "../../core/api/receivers";
import { fmtAge } from "../_lib/format";

/** One line saying whether anything is being sent at all; null when a leader sends. */
export function notifierProblem(r: ReceiversResponse, now: number): string | null {
  const n = r.notifier;
  const enabled = r.receivers.filter((x) => x.state === "enabled").length;
  const ago =
    n.lastSeenAt === null ? "" : ` (last heard from ${fmtAge(Math.max(0, now - n.lastSeenAt))} ago)`;
  switch (n.state) {
    case "never-seen":
      return "No notifier has reported for this deployment: no alert is sent to any chat. Start one with npm run notifier.";
    case "not-running":
      return `The notifier is not running${ago}: no alert is sent to any chat.`;
    case "no-leader":
      return `No notifier leads: ${n.standbys} standby${n.standbys === 1 ? "" : "s"} wait for the lock${ago}; nothing is sent meanwhile.`;
    case "running":
      if (r.receivers.length > 0 && enabled === 0)
        return `All ${r.receivers.length} receivers are disabled: no alert reaches anyone.`;
      return null;
  }
}
