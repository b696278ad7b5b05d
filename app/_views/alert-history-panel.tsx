"use client";
/** The alert history on the Alerts page: the newest episodes, how long each lasted, who acked it. */
import type { AlertRow } from "../../core/api/alerting";
import { Empty } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { fmtAge, fmtDateTime } from "../_lib/format";
import { pollStaleMs } from "./receivers-panel";

const when = (ms: number) => fmtDateTime(ms / 1000);
const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .filter(([k]) => k !== "alertname" && k !== "severity")
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");

export function AlertHistoryPanel({
  history,
  fetchedAt,
}: {
  history: AlertRow[] | null;
  fetchedAt: number | null;
}) {
  return (
    <ExpandablePanel
      title="History"
      hint="newest episodes first"
      updatedAt={fetchedAt}
      staleAfterMs={pollStaleMs}
    >
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
    </ExpandablePanel>
  );
}
