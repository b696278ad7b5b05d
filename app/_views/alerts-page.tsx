"use client";
/**
 * The Alerts page: active alerts from the live room (acknowledge as an operator), the receivers'
 * state, silences, the notifier's delivery log and the alert history, all through the JSON API.
 */
import { useState } from "react";
import type { PagePrincipal } from "../../core/auth/principal-header";
import { roleAtLeast } from "../../core/auth/roles";
import type { ActiveAlert } from "../../core/live/alerts";
import { Empty } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { useLiveView } from "../_lib/live-context";
import { runThenReload } from "../_lib/page-action";
import { usePageClock } from "../_lib/use-page-clock";
import { AlertActions } from "./alert-actions";
import { AlertGroupsPanel } from "./alert-groups-panel";
import { AlertHistoryPanel } from "./alert-history-panel";
import { DeliveriesPanel } from "./deliveries-panel";
import { notifierProblem } from "./notifier-problem";
import { ReceiversPanel } from "./receivers-panel";
import { SilencesPanel } from "./silences-panel";
import { useAlertLists, useAlertRouting } from "./use-alerts-data";

export function AlertsPage({ user }: { user: PagePrincipal }) {
  const canAct = roleAtLeast(user.role, "operator");
  const live = useLiveView({ kind: "alerts" });
  const clock = usePageClock(5000);
  const [error, setError] = useState<string | null>(null);
  const [matchers, setMatchers] = useState("");
  const { routing, kinds } = useAlertRouting(setError);
  const { history, silences, deliveries, receivers, fetchedAt, load } = useAlertLists(setError);

  const run = (fn: () => Promise<unknown>) => runThenReload(fn, load, setError);
  const alertActions = (a: ActiveAlert) => <AlertActions alert={a} run={run} silence={setMatchers} />;

  const v = live?.view;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Alerts</h1>
          <div className="sub">
            Active alerts, most severe first ·{" "}
            {v?.source === "connected"
              ? "alerting store connected"
              : v?.source === "unavailable"
                ? "alerting store not answering (showing the last list)"
                : "waiting for the alerting store"}
          </div>
        </div>
      </div>
      {error ? (
        <div className="banner crit" role="alert">
          <div>
            <strong>{error}</strong>
          </div>
        </div>
      ) : null}

      {receivers && notifierProblem(receivers, clock.wall) ? (
        <div className="banner warn" role="status" data-testid="notifier-banner">
          <div>
            <strong>{notifierProblem(receivers, clock.wall)}</strong>
            <p>Each receiver's state is under Receivers below.</p>
          </div>
        </div>
      ) : null}

      <ExpandablePanel title="Active" testId="active-alerts">
        {!v ? (
          <Empty title="Loading alerts…" />
        ) : v.alerts.length === 0 ? (
          <Empty title="No active alerts">All rules are within their thresholds.</Empty>
        ) : (
          <AlertGroupsPanel
            alerts={v.alerts}
            route={routing}
            kinds={kinds}
            silences={silences ?? []}
            now={{ wall: clock.wall, stream: clock.streamTime }}
            ageOf={(a) => clock.ageOf(a)}
            actions={canAct ? alertActions : null}
          />
        )}
      </ExpandablePanel>

      <ReceiversPanel report={receivers} now={clock.wall} fetchedAt={fetchedAt} />

      <div className="grid cols-2">
        <SilencesPanel
          silences={silences}
          fetchedAt={fetchedAt}
          alerts={v?.alerts ?? []}
          clock={clock}
          canAct={canAct}
          matchers={matchers}
          setMatchers={setMatchers}
          onChanged={load}
          run={run}
        />
        <DeliveriesPanel
          deliveries={deliveries}
          idle={receivers ? notifierProblem(receivers, clock.wall) : null}
          fetchedAt={fetchedAt}
        />
      </div>

      <AlertHistoryPanel history={history} fetchedAt={fetchedAt} />
    </>
  );
}
