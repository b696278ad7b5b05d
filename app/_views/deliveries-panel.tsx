"use client";
/** The notifier's delivery log on the Alerts page: each chat message, its status and last error. */
import type { DeliveryRow } from "../../core/api/alerting";
import { Empty } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { fmtDateTime } from "../_lib/format";
import { pollStaleMs } from "./receivers-panel";

const when = (ms: number) => fmtDateTime(ms / 1000);

/** `idle`: why an empty log is empty (no receiver enabled, no notifier), or null. */
export function DeliveriesPanel({
  deliveries,
  idle,
  fetchedAt,
}: {
  deliveries: DeliveryRow[] | null;
  idle: string | null;
  fetchedAt: number | null;
}) {
  return (
    <ExpandablePanel
      title="Delivery log"
      hint="the notifier's chat messages, newest first"
      updatedAt={fetchedAt}
      staleAfterMs={pollStaleMs}
    >
      {deliveries === null ? (
        <Empty title="Loading…" />
      ) : deliveries.length === 0 ? (
        <Empty title="No notifications sent yet">{idle ?? "Nothing has been routed to a receiver."}</Empty>
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
    </ExpandablePanel>
  );
}
