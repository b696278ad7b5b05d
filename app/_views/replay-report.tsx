"use client";
/**
 * The launch report of a replay, laid out to print (or save as PDF from the print dialog):
 * totals and peaks, the timeline chart with alert bands and milestones, minutes over capacity
 * per chain and endpoint, the worst shops and the alert timeline. CSV of the same tables.
 */
import Link from "next/link";
import { useEffect, useState } from "react";
import type { z } from "zod";
import { ReplayTimelineResponseSchema } from "../../core/api/replays";
import { describeOverrides } from "../../core/replay/replay-info";
import type { LaunchSummary } from "../../core/replay/summary";
import { Empty, Panel } from "../_components/bits";
import { ReplayScrubber } from "../_components/replay-scrubber";
import { apiFetch, errorText } from "../_lib/api-client";
import { fmtDateTime, fmtElapsed, fmtNum, fmtPct } from "../_lib/format";

type TimelineReply = z.infer<typeof ReplayTimelineResponseSchema>;

const minutes = (s: number) => fmtNum(s / 60, 1);

function Minutes({ title, data, testId }: { title: string; data: Record<string, number>; testId: string }) {
  const rows = Object.entries(data).sort((a, b) => b[1] - a[1]);
  return (
    <Panel title={title}>
      {rows.length ? (
        <table className="data" data-testid={testId}>
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <td>{k}</td>
                <td className="r num">{minutes(v)} min</td>
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

function Totals({ s }: { s: LaunchSummary }) {
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

export function ReplayReport({ id }: { id: string }) {
  const [data, setData] = useState<TimelineReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiFetch(`/api/v1/replays/${encodeURIComponent(id)}/timeline`, ReplayTimelineResponseSchema)
      .then(setData)
      .catch((err) => setError(errorText(err)));
  }, [id]);
  if (error) return <Empty title="No report for this replay">{error}</Empty>;
  if (!data) return <Empty title="Loading the report…" />;
  const { replay, timeline, from, to } = data;
  const s = replay.summary;
  if (!s) return <Empty title="No report yet">The replay is {replay.status}.</Empty>;
  const alerts = s.alerts.timeline.filter((a) => a.state === "firing");
  return (
    <div className="report" data-testid="replay-report">
      <div className="page-head">
        <div>
          <h1>Launch report · {replay.name}</h1>
          <div className="sub">
            <span data-testid="report-range">
              {fmtDateTime(Math.floor((s.from ?? from) / 1000))} to{" "}
              {fmtDateTime(Math.floor((s.to ?? to) / 1000))} ({fmtElapsed((s.to ?? to) - (s.from ?? from))})
            </span>{" "}
            · {replay.source === "kafka" ? "re-aggregated from Kafka" : "live snapshots"} · capacities{" "}
            {describeOverrides(replay)}
          </div>
        </div>
        <div className="no-print">
          <a
            className="btn"
            href={`/api/v1/replays/${replay.id}/report.csv`}
            download
            data-testid="report-csv"
          >
            Download CSV
          </a>{" "}
          <button type="button" className="primary" onClick={() => window.print()}>
            Print / save as PDF
          </button>{" "}
          <Link href={`/replays/${replay.id}`}>Back to the replay</Link>
        </div>
      </div>

      <Panel title="Totals and peaks">
        <Totals s={s} />
      </Panel>
      <div className="section">
        <Panel title="The launch" hint="orders since start, orders/s, alert bands, milestones">
          <ReplayScrubber timeline={timeline} from={from} position={to} onSeek={() => {}} height={220} />
          <div className="legend">
            {s.milestones.map((m) => (
              <span key={m.orders}>
                {fmtNum(m.orders)} orders at +{fmtElapsed(m.at - from)}
              </span>
            ))}
          </div>
        </Panel>
      </div>
      <div className="grid cols-2 section">
        <Minutes
          title="Minutes over capacity per chain"
          data={s.chainSecondsOverCapacity}
          testId="report-chains"
        />
        <Minutes
          title="Minutes over capacity per endpoint"
          data={s.endpointSecondsOverCapacity}
          testId="report-endpoints"
        />
      </div>
      <p className="sub" data-testid="report-measures">
        Minutes over capacity: for an endpoint, the seconds of the range in which it received more requests
        than its capacity per second, ÷ 60 (from the per-second aggregates, the measure the simulator's
        summary reports as overloaded seconds); for a chain, the minutes in which its orders in the last
        minute exceeded its total capacity per minute. Orders created: the created orders whose event time
        falls in the range, from the stored aggregates. Capacities are this replay's (what-if ones applied).
      </p>
      <div className="section">
        <Panel title={`Worst shops (${s.worstShops.length})`}>
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
              {s.worstShops.map((w) => (
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
      </div>
      <div className="section">
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
      </div>
    </div>
  );
}
