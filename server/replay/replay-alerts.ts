/** The alerts room of a replay: the alerts firing at the playback's position, set on its hub when they change. */
import type { AlertChange } from "../../core/live/alert-annotations";
import { type ActiveAlert, severityOf, subjectOf } from "../../core/live/alerts";
import { firingAt } from "../../core/replay/timeline";
import type { LiveHub } from "../live/hub";

/** Display form of a replayed alert (no acknowledgements in a replay). */
function toActive(c: AlertChange): ActiveAlert {
  return {
    id: c.fingerprint,
    rule: c.rule,
    severity: severityOf(c.labels),
    subject: subjectOf(c.labels),
    message: c.rule,
    since: c.at,
    value: null,
    threshold: null,
    acknowledgedBy: null,
    labels: c.labels,
  };
}

/**
 * @param alerts the replay's alert changes, oldest first.
 * @returns `show(positionMs)`, which tells the hub only when the firing set changed.
 */
export function replayAlertsOn(
  hub: Pick<LiveHub, "setAlerts">,
  alerts: readonly AlertChange[],
): (positionMs: number) => void {
  let shownKey = "";
  return (positionMs) => {
    const firing = firingAt(alerts, positionMs);
    const key = firing.map((a) => a.fingerprint).join("\n");
    if (key === shownKey) return;
    shownKey = key;
    hub.setAlerts(firing.slice(-500).map(toActive));
  };
}
