"use client";
/**
 * The launch report of a replay, laid out to print (or save as PDF from the print dialog):
 * totals and peaks, the timeline chart with alert bands and milestones, minutes over capacity
 * per chain and endpoint, the worst shops and the alert timeline. CSV of the same tables.
 */
import Link from "next/link";
import { describeOverrides, type ReplayInfo } from "../../core/replay/replay-info";
import { Empty, Panel } from "../_components/bits";
import { ReplayScrubber } from "../_components/replay-scrubber";
import { fmtDateTime, fmtElapsed, fmtNum } from "../_lib/format";
import { useReplayTimeline } from "../_lib/use-replay-timeline";
import { AlertTimeline, Minutes, Totals, WorstShops } from "./replay-report-tables";

/** The title, the range and capacities, and the CSV, print and back links (not printed). */
function ReportHead({ replay, from, to }: { replay: ReplayInfo; from: number; to: number }) {
  return (
    <div className="page-head">
      <div>
        <h1>Launch report · {replay.name}</h1>
        <div className="sub">
          <span data-testid="report-range">
            {fmtDateTime(Math.floor(from / 1000))} to {fmtDateTime(Math.floor(to / 1000))} (
            {fmtElapsed(to - from)})
          </span>{" "}
          · {replay.source === "kafka" ? "re-aggregated from Kafka" : "live snapshots"} · capacities{" "}
          {describeOverrides(replay)}
        </div>
      </div>
      <div className="no-print">
        <a className="btn" href={`/api/v1/replays/${replay.id}/report.csv`} download data-testid="report-csv">
          Download CSV
        </a>{" "}
        <button type="button" className="primary" onClick={() => window.print()}>
          Print / save as PDF
        </button>{" "}
        <Link href={`/replays/${replay.id}`}>Back to the replay</Link>
      </div>
    </div>
  );
}

export function ReplayReport({ id }: { id: string }) {
  const { data, error } = useReplayTimeline(id);
  if (error) return <Empty title="No report for this replay">{error}</Empty>;
  if (!data) return <Empty title="Loading the report…" />;
  const { replay, timeline, from, to } = data;
  const s = replay.summary;
  if (!s) return <Empty title="No report yet">The replay is {replay.status}.</Empty>;
  return (
    <div className="report" data-testid="replay-report">
      <ReportHead replay={replay} from={s.from ?? from} to={s.to ?? to} />
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
          seconds
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
        <WorstShops shops={s.worstShops} />
      </div>
      <div className="section">
        <AlertTimeline summary={s} from={from} />
      </div>
    </div>
  );
}
