"use client";
/**
 * The Alerts page's active alerts, grouped as the notifier's digests group them (the policy's
 * routing and `group_by`, core/live/alert-groups.ts): collapsible groups with their counts, worst
 * first; each alert's value in its rule's unit, and marks for acknowledged and silenced alerts.
 * An open group lists its first rows and counts the rest, so 50,000 shop alerts stay a page.
 */
import { useMemo, useState } from "react";
import { parseMatcher } from "../../core/alerts/matchers";
import type { Route } from "../../core/alerts/policy";
import type { RuleKind } from "../../core/alerts/rule";
import { ruleValueText } from "../../core/alerts/rule-value";
import { type SilenceNow, silencedBy } from "../../core/alerts/silences";
import type { SilenceRow } from "../../core/api/alerting";
import { type AlertGroupView, groupActiveAlerts } from "../../core/live/alert-groups";
import type { ActiveAlert } from "../../core/live/alerts";
import { fmtAge, fmtDateTime, fmtNum } from "../_lib/format";

const sevClass = (s: ActiveAlert["severity"]) =>
  s === "critical" ? "crit" : s === "warning" ? "warn" : "ok";
const hiddenLabels = new Set(["alertname", "severity"]);
const labelText = (labels: Record<string, string>, omit: Record<string, string>) =>
  Object.entries(labels)
    .filter(([k]) => !hiddenLabels.has(k) && !(k in omit))
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
/** Rows an open group lists at once. */
const pageRows = 50;

export interface AlertGroupsPanelProps {
  alerts: readonly ActiveAlert[];
  /** The policy's routing tree (null: group by rule). */
  route: Route | null;
  /** Rule id → kind, for the unit of the value. */
  kinds: ReadonlyMap<string, RuleKind>;
  silences: readonly SilenceRow[];
  now: SilenceNow;
  ageOf(a: ActiveAlert): number;
  /** The actions of an alert (acknowledge, silence), or null for a viewer. */
  actions: ((a: ActiveAlert) => React.ReactNode) | null;
}

export function AlertGroupsPanel(p: AlertGroupsPanelProps) {
  const groups = useMemo(() => groupActiveAlerts(p.alerts, p.route), [p.alerts, p.route]);
  const parsed = useMemo(
    () => p.silences.map((s) => ({ ...s, matchers: s.matchers.map(parseMatcher) })),
    [p.silences],
  );
  // The worst group starts open; the operator opens and closes the others.
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState<Record<string, number>>({});
  const isOpen = (g: AlertGroupView, i: number) => (i === 0) !== toggled.has(g.key);
  const toggle = (key: string) =>
    setToggled((t) => {
      const next = new Set(t);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <div data-testid="alert-groups">
      <div className="user" style={{ marginBottom: 8 }}>
        {fmtNum(p.alerts.length)} active in {fmtNum(groups.length)} group{groups.length === 1 ? "" : "s"},{" "}
        {p.route
          ? "grouped as the notification policy's digests"
          : "grouped by rule (no notification policy known)"}
      </div>
      {groups.map((g, i) => {
        const open = isOpen(g, i);
        const limit = shown[g.key] ?? pageRows;
        const rows = open ? g.alerts.slice(0, limit) : [];
        const title = Object.entries(g.labels)
          .map(([k, v]) => (k === "alertname" ? v : `${k}=${v}`))
          .join(" · ");
        return (
          <section key={g.key} className="alert-group" data-testid="alert-group" data-open={open}>
            <button
              type="button"
              className="alert-group-head"
              aria-expanded={open}
              onClick={() => toggle(g.key)}
            >
              <span aria-hidden="true">{open ? "▾" : "▸"}</span>
              <span className={`tag ${sevClass(g.worst)}`}>{g.worst.toUpperCase()}</span>
              <b>{title || "all alerts"}</b>
              <span className="user" data-testid="alert-group-counts">
                {fmtNum(g.alerts.length)} alert{g.alerts.length === 1 ? "" : "s"}
                {g.counts.critical ? ` · ${fmtNum(g.counts.critical)} critical` : ""}
                {g.counts.warning ? ` · ${fmtNum(g.counts.warning)} warning` : ""}
                {g.counts.info ? ` · ${fmtNum(g.counts.info)} info` : ""}
                {g.receiver ? ` · to ${g.receiver}` : ""}
              </span>
            </button>
            {open ? (
              <div className="table-wrap">
                <table className="data">
                  <thead>
                    <tr>
                      <th className="key">Severity</th>
                      <th>Alert</th>
                      <th>Value</th>
                      <th>Since</th>
                      <th>Labels</th>
                      {p.actions ? <th className="actions">Actions</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((a) => {
                      const muted = silencedBy(a.labels, parsed, p.now).length > 0;
                      return (
                        <tr key={a.id} data-testid="active-alert">
                          <td className="key">
                            <span className={`tag ${sevClass(a.severity)}`}>{a.severity.toUpperCase()}</span>
                          </td>
                          <td>
                            <b>{a.rule}</b> · {a.subject}
                            {a.acknowledgedBy ? (
                              <span className="tag none" data-testid="alert-acked">
                                acked by {a.acknowledgedBy}
                              </span>
                            ) : null}
                            {muted ? (
                              <span className="tag none" data-testid="alert-silenced">
                                silenced
                              </span>
                            ) : null}
                            <div className="user">{a.message}</div>
                          </td>
                          <td className="num" data-testid="alert-value">
                            {ruleValueText(p.kinds.get(a.rule), a.value)}
                          </td>
                          <td title={new Date(a.since).toISOString()}>
                            {fmtDateTime(a.since / 1000)} ({fmtAge(p.ageOf(a))})
                          </td>
                          <td>
                            <code>{labelText(a.labels, g.labels)}</code>
                          </td>
                          {p.actions ? <td className="actions">{p.actions(a)}</td> : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                {g.alerts.length > rows.length ? (
                  <button
                    type="button"
                    className="link"
                    onClick={() => setShown((s) => ({ ...s, [g.key]: limit + pageRows * 4 }))}
                  >
                    {fmtNum(g.alerts.length - rows.length)} more in this group: show more
                  </button>
                ) : null}
              </div>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
