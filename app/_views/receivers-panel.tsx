"use client";
/**
 * The receivers' state on the Alerts page (`GET /api/v1/receivers`): whether a notifier runs, and
 * for each receiver enabled or disabled and why, its last delivery, retries pending and what was
 * given up. An empty delivery log next to five disabled receivers is not a quiet night.
 */
import type { ReceiverStatus, ReceiversResponse } from "../../core/api/receivers";
import { Empty } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { fmtDateTime } from "../_lib/format";
import { notifierProblem } from "./notifier-problem";

const when = (ms: number) => fmtDateTime(ms / 1000);
/** The Alerts page reads these lists every 10 s: older than two reads, the panel says STALE. */
export const pollStaleMs = 25_000;

function StateCell({ r }: { r: ReceiverStatus }) {
  if (r.state === "enabled")
    return (
      <>
        <span className="tag ok">enabled</span>
        {r.target ? <div className="user">{r.target}</div> : null}
      </>
    );
  if (r.state === "disabled")
    return (
      <>
        <span className="tag crit">disabled</span>
        <div className="user">{r.disabledReason}</div>
      </>
    );
  return <span className="tag none">unknown</span>;
}

function LastDelivery({ r }: { r: ReceiverStatus }) {
  const a = r.lastAttempt;
  if (!a) return <span className="user">none yet</span>;
  const ok = a.outcome === "delivered";
  return (
    <>
      <span className={`tag ${ok ? "ok" : a.outcome === "failed" ? "crit" : "warn"}`}>
        {ok
          ? "ok"
          : a.outcome === "rate_limited"
            ? "rate limited"
            : a.outcome === "retry"
              ? "failed, retrying"
              : "failed"}
      </span>{" "}
      {when(a.at)}
      {ok ? null : (
        <div className="user">
          {a.error ?? (a.statusCode !== null ? `HTTP ${a.statusCode}` : "")}
          {r.lastDeliveredAt !== null ? ` · last ok ${when(r.lastDeliveredAt)}` : " · never delivered"}
        </div>
      )}
    </>
  );
}

/** `fetchedAt`: server ms when `report` was read (the panel's age). */
export function ReceiversPanel({
  report,
  now,
  fetchedAt,
}: {
  report: ReceiversResponse | null;
  now: number;
  fetchedAt: number | null;
}) {
  if (!report)
    return (
      <ExpandablePanel title="Receivers" testId="receivers-panel" updatedAt={null}>
        <Empty title="Loading…" />
      </ExpandablePanel>
    );
  const n = report.notifier;
  const problem = notifierProblem(report, now);
  const enabled = report.receivers.filter((x) => x.state === "enabled").length;
  return (
    <ExpandablePanel
      title="Receivers"
      hint="as the notifier reports them"
      testId="receivers-panel"
      updatedAt={fetchedAt}
      staleAfterMs={pollStaleMs}
    >
      <p className={problem ? "form-error" : "user"} data-testid="notifier-state" data-state={n.state}>
        {problem ??
          `Notifier running (leader ${n.leader}${n.standbys ? `, ${n.standbys} standby` : ""}) · ${enabled} of ${report.receivers.length} receivers enabled`}
      </p>
      {report.receivers.length === 0 ? (
        <Empty title="No receiver known">
          Neither a notifier nor this web process has a policy with receivers.
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="receivers">
            <thead>
              <tr>
                <th>Receiver</th>
                <th>Kind</th>
                <th>State</th>
                <th>Last delivery</th>
                <th className="r">Retries pending</th>
                <th className="r">Given up (7 d)</th>
              </tr>
            </thead>
            <tbody>
              {report.receivers.map((r) => (
                <tr key={r.name} data-testid="receiver" data-receiver={r.name} data-state={r.state}>
                  <td>
                    <b>{r.name}</b>
                  </td>
                  <td>{r.type}</td>
                  <td>
                    <StateCell r={r} />
                  </td>
                  <td data-testid="receiver-last">
                    <LastDelivery r={r} />
                  </td>
                  <td className="r" data-testid="receiver-retries">
                    {r.retriesPending}
                    {r.queued ? <div className="user">+{r.queued} queued</div> : null}
                  </td>
                  <td className="r" data-testid="receiver-dead">
                    {r.deadLettered}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ExpandablePanel>
  );
}
