"use client";
/**
 * The Alerts page: active alerts from the live room (acknowledge as an operator), silences,
 * the notifier's delivery log and the alert history, all through the JSON API.
 */
import { type FormEvent, useCallback, useEffect, useState } from "react";
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
import type { PagePrincipal } from "../../core/auth/principal-header";
import { roleAtLeast } from "../../core/auth/roles";
import type { ActiveAlert } from "../../core/live/alerts";
import { silenceView } from "../../core/live/silence-view";
import { Empty, Panel } from "../_components/bits";
import { apiCall, apiFetch, errorText } from "../_lib/api-client";
import { fmtAge, fmtDateTime } from "../_lib/format";
import { useLiveView } from "../_lib/live-context";
import { usePageClock } from "../_lib/use-page-clock";
import { AlertGroupsPanel } from "./alert-groups-panel";

const when = (ms: number) => fmtDateTime(ms / 1000);
const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .filter(([k]) => k !== "alertname" && k !== "severity")
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");

export function AlertsPage({ user }: { user: PagePrincipal }) {
  const canAct = roleAtLeast(user.role, "operator");
  const live = useLiveView({ kind: "alerts" });
  const clock = usePageClock(5000);
  const [history, setHistory] = useState<AlertRow[] | null>(null);
  const [silences, setSilences] = useState<SilenceRow[] | null>(null);
  const [deliveries, setDeliveries] = useState<DeliveryRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A refused silence (bad matcher: the server's 400) is said next to the form that made it.
  const [silenceError, setSilenceError] = useState<string | null>(null);
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
      const [h, s, d] = await Promise.all([
        apiFetch("/api/v1/alerts?limit=100", AlertsResponseSchema),
        apiFetch("/api/v1/silences", SilencesResponseSchema),
        apiFetch("/api/v1/deliveries?limit=50", DeliveriesResponseSchema),
      ]);
      setHistory(h.history);
      setSilences(s.silences);
      setDeliveries(d.deliveries);
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

  const createSilence = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const list = matchers
      .split(/\n|,(?=\s*[A-Za-z_][A-Za-z0-9_]*\s*(?:=|!=|=~|!~))/)
      .map((m) => m.trim())
      .filter(Boolean);
    setSilenceError(null);
    void (async () => {
      try {
        await apiCall("/api/v1/silences", {
          method: "POST",
          body: {
            matchers: list,
            durationMinutes: Number(f.get("duration")),
            comment: String(f.get("comment")),
          },
        });
        form.reset();
        setMatchers("");
        await load();
      } catch (err) {
        setSilenceError(errorText(err));
      }
    })();
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

      <Panel title="Active" testId="active-alerts">
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
      </Panel>

      <div className="grid cols-2">
        <Panel title="Silences" hint="matching alerts are not notified">
          {canAct ? (
            <form onSubmit={createSilence} style={{ display: "grid", gap: 8, marginBottom: 12 }}>
              <textarea
                name="matchers"
                aria-label="Matchers"
                value={matchers}
                onChange={(e) => setMatchers(e.target.value)}
                placeholder={'one matcher a line, e.g.\nalertname="shop-over-capacity"\nshop="123"'}
                rows={3}
                required
              />
              <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
                <select name="duration" aria-label="Duration" defaultValue="60">
                  <option value="15">15 min</option>
                  <option value="60">1 hour</option>
                  <option value="240">4 hours</option>
                  <option value="1440">1 day</option>
                </select>
                <input name="comment" aria-label="Comment" placeholder="Why?" maxLength={2000} />
                <button type="submit" className="primary">
                  Create silence
                </button>
              </div>
              {silenceError ? (
                <div className="form-error" role="alert" data-testid="silence-error">
                  Silence refused: {silenceError}
                </div>
              ) : null}
            </form>
          ) : (
            <p className="user">Operators and admins can create silences.</p>
          )}
          {silences === null ? (
            <Empty title="Loading…" />
          ) : silences.length === 0 ? (
            <Empty title="No silences" />
          ) : (
            <table className="data" data-testid="silences">
              <thead>
                <tr>
                  <th>Matchers</th>
                  <th>Until</th>
                  <th>By</th>
                  {canAct ? <th /> : null}
                </tr>
              </thead>
              <tbody>
                {silences.map((s) => {
                  const sv = silenceView(s, { wall: clock.wall, stream: clock.streamTime }, v?.alerts ?? []);
                  const { active } = sv;
                  return (
                    <tr key={s.id} style={{ opacity: active ? 1 : 0.5 }}>
                      <td>
                        <code>{s.matchers.join(", ")}</code>
                        {s.comment ? <div className="user">{s.comment}</div> : null}
                      </td>
                      <td>
                        {active ? when(s.endsAt) : `ended ${when(s.endsAt)}`}
                        {/* Each silence runs on its own clock (docs/ALERTING.md); say which when it
                            is not plainly the wall clock of a live page. */}
                        {s.clock === "stream" || clock.stream ? (
                          <div className="user" data-testid="silence-clock" data-clock={s.clock}>
                            {s.clock === "stream"
                              ? `stream clock · ${when(s.startsAt)} → ${when(s.endsAt)}`
                              : "wall clock"}
                            {active && sv.endsInMs !== null ? ` · ends in ${fmtAge(sv.endsInMs)}` : ""}
                          </div>
                        ) : null}
                        {active ? (
                          <div className="user" data-testid="silence-mutes">
                            mutes {sv.mutes} of the {v?.alerts.length ?? 0} active alert
                            {v?.alerts.length === 1 ? "" : "s"}
                          </div>
                        ) : null}
                      </td>
                      <td>{s.createdBy}</td>
                      {canAct ? (
                        <td>
                          {active ? (
                            <button
                              type="button"
                              onClick={() =>
                                run(() => apiCall(`/api/v1/silences/${s.id}/expire`, { method: "POST" }))
                              }
                            >
                              Expire
                            </button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Panel>

        <Panel title="Delivery log" hint="the notifier's chat messages, newest first">
          {deliveries === null ? (
            <Empty title="Loading…" />
          ) : deliveries.length === 0 ? (
            <Empty title="No notifications sent yet" />
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="deliveries">
                <thead>
                  <tr>
                    <th>Receiver</th>
                    <th>Message</th>
                    <th>Status</th>
                    <th>Attempts</th>
                    <th>Last error</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.map((d) => (
                    <tr key={d.id}>
                      <td>{d.receiver}</td>
                      <td>
                        {d.summary.status} · {d.summary.firing} firing, {d.summary.resolved} resolved
                        <div className="user">{when(d.createdAt)}</div>
                      </td>
                      <td>
                        <span
                          className={`tag ${d.status === "delivered" ? "ok" : d.status === "failed" ? "crit" : "warn"}`}
                        >
                          {d.status}
                        </span>
                      </td>
                      <td>{d.attempts}</td>
                      <td>{d.lastError ?? "–"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      </div>

      <Panel title="History" hint="newest episodes first">
        {history === null ? (
          <Empty title="Loading…" />
        ) : history.length === 0 ? (
          <Empty title="No alerts yet" />
        ) : (
          <div className="table-wrap">
            <table className="data" data-testid="alert-history">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>Labels</th>
                  <th>State</th>
                  <th>Started</th>
                  <th>Lasted</th>
                  <th>Ack</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.id}>
                    <td>{h.rule}</td>
                    <td>
                      <code>{labelText(h.labels)}</code>
                    </td>
                    <td>
                      <span className={`tag ${h.state === "firing" ? "crit" : "ok"}`}>{h.state}</span>
                    </td>
                    <td>{when(h.startsAt)}</td>
                    <td>{h.endsAt === null ? "ongoing" : fmtAge(h.endsAt - h.startsAt)}</td>
                    <td>{h.ack ? h.ack.by : "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </>
  );
}
