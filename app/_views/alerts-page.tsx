"use client";
/**
 * The Alerts page: active alerts from the live room (acknowledge as an operator), the receivers'
 * state, silences, the notifier's delivery log and the alert history, all through the JSON API.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Route as PolicyRoute } from "../../core/alerts/policy";
import { type RuleKind, RuleSchema } from "../../core/alerts/rule";
import { AlertRoutingResponseSchema, routeFromJson } from "../../core/api/alert-routing";
import {
  type AlertRow,
  AlertsResponseSchema,
  DeliveriesResponseSchema,
  type DeliveryRow,
  RulesResponseSchema,
  type SilenceRow,
  SilencesResponseSchema,
} from "../../core/api/alerting";
import { type ReceiversResponse, ReceiversResponseSchema } from "../../core/api/receivers";
import type { PagePrincipal } from "../../core/auth/principal-header";
import { roleAtLeast } from "../../core/auth/roles";
import type { ActiveAlert } from "../../core/live/alerts";
import { Empty } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { apiCall, apiFetch, errorText } from "../_lib/api-client";
import { useConnection, useLiveView } from "../_lib/live-context";
import { usePageClock } from "../_lib/use-page-clock";
import { AlertGroupsPanel } from "./alert-groups-panel";
import { AlertHistoryPanel } from "./alert-history-panel";
import { DeliveriesPanel } from "./deliveries-panel";
import { notifierProblem, ReceiversPanel } from "./receivers-panel";
import { SilencesPanel } from "./silences-panel";

export function AlertsPage({ user }: { user: PagePrincipal }) {
  const canAct = roleAtLeast(user.role, "operator");
  const live = useLiveView({ kind: "alerts" });
  const clock = usePageClock(5000);
  const [history, setHistory] = useState<AlertRow[] | null>(null);
  const [silences, setSilences] = useState<SilenceRow[] | null>(null);
  const [deliveries, setDeliveries] = useState<DeliveryRow[] | null>(null);
  const [receivers, setReceivers] = useState<ReceiversResponse | null>(null);
  // When the lists were last read, on the server's clock (the panels' "updated N s ago").
  const [fetchedAt, setFetchedAt] = useState<number | null>(null);
  const offset = useRef(0);
  offset.current = useConnection().info.clockOffsetMs;
  const [error, setError] = useState<string | null>(null);
  const [matchers, setMatchers] = useState("");
  const [routing, setRouting] = useState<PolicyRoute | null>(null);
  const [kinds, setKinds] = useState<ReadonlyMap<string, RuleKind>>(new Map());
  // The routing tree and the rules' kinds (for the values' units) change rarely: read once.
  useEffect(() => {
    void (async () => {
      try {
        const [r, rules] = await Promise.all([
          apiFetch("/api/v1/alert-routing", AlertRoutingResponseSchema),
          apiFetch("/api/v1/rules", RulesResponseSchema),
        ]);
        setRouting(r.route ? routeFromJson(r.route) : null);
        setKinds(
          new Map(
            rules.rules.flatMap((x) => {
              const rule = RuleSchema.safeParse(x.definition);
              return rule.success ? [[x.id, rule.data.kind] as const] : [];
            }),
          ),
        );
      } catch (err) {
        setError(errorText(err));
      }
    })();
  }, []);

  const load = useCallback(async () => {
    try {
      const [h, s, d, r] = await Promise.all([
        apiFetch("/api/v1/alerts?limit=100", AlertsResponseSchema),
        apiFetch("/api/v1/silences", SilencesResponseSchema),
        apiFetch("/api/v1/deliveries?limit=50", DeliveriesResponseSchema),
        apiFetch("/api/v1/receivers", ReceiversResponseSchema),
      ]);
      setHistory(h.history);
      setSilences(s.silences);
      setDeliveries(d.deliveries);
      setReceivers(r);
      setFetchedAt(Date.now() + offset.current);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => {
    void load();
    const t = setInterval(load, 10_000);
    return () => clearInterval(t);
  }, [load]);

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  /** Pre-fills the silence form with the alert's rule and subject. */
  const silenceFor = (a: ActiveAlert) =>
    setMatchers(
      [
        `alertname="${a.rule}"`,
        ...Object.entries(a.labels)
          .filter(([k]) => k === "shop" || k === "endpoint")
          .map(([k, v]) => `${k}="${v}"`),
      ].join("\n"),
    );

  const alertActions = (a: ActiveAlert) => (
    <>
      {a.acknowledgedBy ? (
        <button
          type="button"
          onClick={() =>
            run(() => apiCall(`/api/v1/alerts/${encodeURIComponent(a.id)}/ack`, { method: "DELETE" }))
          }
        >
          Unacknowledge
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() =>
            run(() =>
              apiCall(`/api/v1/alerts/${encodeURIComponent(a.id)}/ack`, {
                method: "POST",
                body: { comment: "" },
              }),
            )
          }
        >
          Acknowledge
        </button>
      )}{" "}
      <button type="button" onClick={() => silenceFor(a)}>
        Silence…
      </button>
    </>
  );

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
