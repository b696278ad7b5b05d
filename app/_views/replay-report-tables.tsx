"use client";
/**
 * The tables of a replay's launch report: totals and peaks, minutes over capacity, the worst
 * shops and the alerts fired.
 */
import type { LaunchSummary } from "../../core/replay/summary";
import { Empty, Panel } from "../_components/bits";
import { fmtElapsed, fmtNum, fmtPct } from "../_lib/format";

const minutes = (s: number) => fmtNum(s / 60, 1);

/**
 * Minutes over capacity per key (a chain, an endpoint), the most first. `seconds` also shows the
 * exact count (an endpoint's are counted per second: "11.5 min (688 s)").
 */
export function Minutes({
  title,
  data,
  testId,
  seconds = false,
}: {
  title: string;
  data: Record<string, number>;
  testId: string;
  seconds?: boolean;
}) {
  const rows = Object.entries(data).sort((a, b) => b[1] - a[1]);
  return (
    <Panel title={title}>
      {rows.length ? (
        <table className="data" data-testid={testId}>
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <td>{k}</td>
                <td className="r num">
                  {minutes(v)} min{seconds ? ` (${fmtNum(v)} s)` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty title="Never over capacity" />
      )}
    </Panel>
  );
}

/** The launch's totals, each beside its peak per second. */
export function Totals({ s }: { s: LaunchSummary }) {
  return (
    <table className="data" data-testid="report-totals">
      <tbody>
        <tr>
          <td>Orders created</td>
          <td className="r num">{fmtNum(s.totals.ordersCreated)}</td>
          <td>Peak orders/s</td>
          <td className="r num">{fmtNum(s.peaks.ordersPerSec)}</td>
        </tr>
        <tr>
          <td>Downloads</td>
          <td className="r num">{fmtNum(s.totals.downloads)}</td>
          <td>Peak downloads/s</td>
          <td className="r num">{fmtNum(s.peaks.downloadsPerSec)}</td>
        </tr>
        <tr>
          <td>API requests</td>
          <td className="r num">{fmtNum(s.totals.apiRequests)}</td>
          <td>Peak API requests/s</td>
          <td className="r num">{fmtNum(s.peaks.apiRequestsPerSec)}</td>
        </tr>
        <tr>
          <td>Alerts fired</td>
          <td className="r num" data-testid="report-alerts-fired">
            {fmtNum(s.alerts.fired)}
          </td>
          <td>Peak shops over capacity</td>
          <td className="r num">{fmtNum(s.peaks.shopsOverCapacity)}</td>
        </tr>
        <tr>
          <td>Shop-minutes over capacity</td>
          <td className="r num">{minutes(s.shopSecondsOverCapacity)}</td>
          <td>Rejected · duplicate · late events</td>
          <td className="r num">
            {fmtNum(s.totals.invalid)} · {fmtNum(s.totals.duplicates)} · {fmtNum(s.totals.lateDropped)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** The shops that were loaded the most, with their peak load and wait. */
export function WorstShops({ shops }: { shops: LaunchSummary["worstShops"] }) {
  return (
    <Panel title={`Worst shops (${shops.length})`}>
      <table className="data" data-testid="report-shops">
        <thead>
          <tr>
            <th>Shop</th>
            <th>Chain</th>
            <th>City</th>
            <th className="r">Peak load</th>
            <th className="r">Peak wait</th>
          </tr>
        </thead>
        <tbody>
          {shops.map((w) => (
            <tr key={w.shopId}>
              <td>#{w.shopId}</td>
              <td>{w.chain}</td>
              <td>{w.city}</td>
              <td className="r num">{fmtPct(w.peakUtilization)}</td>
              <td className="r num">{fmtNum(w.peakWaitMin, 1)} min</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

/** The alerts that fired, at their time since the replay's start (`from`), the first 200. */
export function AlertTimeline({ summary, from }: { summary: LaunchSummary; from: number }) {
  const alerts = summary.alerts.timeline.filter((a) => a.state === "firing");
  return (
    <Panel title={`Alert timeline (${fmtNum(alerts.length)} fired)`} hint="the first 200">
      <table className="data">
        <tbody>
          {alerts.slice(0, 200).map((a) => (
            <tr key={`${a.at}-${a.rule}-${JSON.stringify(a.labels)}`}>
              <td className="num">+{fmtElapsed(a.at - from)}</td>
              <td>{a.rule}</td>
              <td>
                {Object.entries(a.labels)
                  .filter(([k]) => k !== "alertname" && k !== "severity")
                  .map(([k, v]) => `${k}=${v}`)
                  .join(" ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
