"use client";
/**
 * Active alerts from the alerts room, most severe first, each with how long it has fired
 * ("firing 4m"), live, and its exact start on hover.
 */
import { firingTitle, fmtFiringFor } from "../../core/live/firing-age";
import { isDataAlert } from "../../core/pipeline/stale-alerts";
import { Empty } from "../_components/bits";
import { alertsFor } from "../_lib/filtered-overview";
import type { Filters } from "../_lib/filters";
import { useConnection, useLiveView } from "../_lib/live-context";
import { useReplayScope } from "../_lib/replay-scope";
import { usePageClock } from "../_lib/use-page-clock";

/** `filters`: only the alerts of the filtered chain, city or endpoint, and the global ones. */
export function AlertsList({ limit, filters }: { limit?: number; filters?: Filters }) {
  const state = useLiveView({ kind: "alerts" });
  // Every second: an alert's age reads in seconds for its first minute.
  const clock = usePageClock(1000);
  // In a replay, alerts are as old as the playback position makes them; live, ages follow the
  // page's one clock (the stream's in a simulation: no "7175h" for an alert of a past launch).
  const replayNow = useReplayScope()?.now?.() ?? null;
  const age = (a: { rule: string; since: number }) =>
    replayNow !== null ? replayNow - a.since : clock.ageOf(a);
  const v = state?.view;
  // The data behind the alerts stopped: they are shown as STALE until the notifier resolves them
  // (docs/ALERTING.md, "Alerts whose data stopped").
  const p = useConnection().info.status?.pipeline;
  const dataStopped =
    replayNow === null && !!p && (p.state === "stale" || (p.state === "no-data" && p.reporting === 0));
  if (!v) return <Empty title="Loading alerts…" />;
  if (v.source === "not-configured")
    return (
      <Empty title="No alert engine feeds this dashboard yet">
        Alerts appear here once the alerting service publishes them; until then watch the gauges and the
        overloaded shops.
      </Empty>
    );
  if (v.alerts.length === 0 && v.source === "unavailable")
    return (
      <Empty title="Alerting store not answering">The alert list will return when Postgres answers.</Empty>
    );
  const alerts = filters ? alertsFor(v.alerts, filters) : v.alerts;
  if (alerts.length === 0)
    return v.alerts.length ? (
      <Empty title="No active alerts in this slice">
        {v.alerts.length} elsewhere, on the <a href="/alerts">alerts page</a>.
      </Empty>
    ) : (
      <Empty title="No active alerts">All rules are within their thresholds.</Empty>
    );
  const shown = limit ? alerts.slice(0, limit) : alerts;
  return (
    <div data-testid="alerts">
      {shown.map((a) => (
        <div key={a.id} className="alert-row">
          <span
            className={`tag ${a.severity === "critical" ? "crit" : a.severity === "warning" ? "warn" : "ok"}`}
          >
            {a.severity.toUpperCase()}
          </span>
          <span className="msg">
            <b>{a.subject}</b> · {a.message}
            {a.acknowledgedBy ? <span className="user"> · acked by {a.acknowledgedBy}</span> : null}
          </span>
          {dataStopped && isDataAlert(a) ? (
            <span className="tag none" title="No new data: this alert resolves as stale (docs/ALERTING.md)">
              STALE
            </span>
          ) : null}
          {/* How long it has fired (Grafana/Alertmanager style); the exact start on hover. */}
          <span className="since" data-testid="alert-firing-for" title={firingTitle(a.since, age(a))}>
            firing {fmtFiringFor(age(a))}
          </span>
        </div>
      ))}
      {limit && alerts.length > limit ? (
        <div className="form-note">
          {alerts.length - limit} more on the <a href="/alerts">alerts page</a>
        </div>
      ) : null}
    </div>
  );
}
