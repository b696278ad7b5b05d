"use client";
/** The overview: what an on-call engineer reads first during the launch. */
import Link from "next/link";
import { useMemo } from "react";
import {
  type EndpointRow,
  endpointRowFromPoint,
  type OverviewRow,
  overviewRow,
} from "../../core/live/chart-rows";
import type { OverviewView } from "../../core/live/overview";
import { partialWindow } from "../../core/live/partial-window";
import { Empty, Gauge, Kpi, Panel, UtilBar } from "../_components/bits";
import { ChartEmpty } from "../_components/chart-empty";
import { ExpandablePanel } from "../_components/expandable-panel";
import { RangePicker } from "../_components/range-picker";
import { TimeChart } from "../_components/time-chart";
import { fmtCompact, fmtMinutes, fmtNum, fmtPct, utilLevel } from "../_lib/format";
import { before } from "../_lib/history-before";
import { useConnection, useLiveView } from "../_lib/live-context";
import { useReplayScope } from "../_lib/replay-scope";
import { useTimeRange } from "../_lib/time-range";
import { useAlertSpans } from "../_lib/use-alert-spans";
import { useHistory } from "../_lib/use-history";
import { AlertsList } from "./alerts-list";

function TopShops({ view }: { view: OverviewView }) {
  if (view.topShops.length === 0)
    return <Empty title="No shop is reporting load yet">Shops appear here once orders reach them.</Empty>;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="top-shops">
        <thead>
          <tr>
            <th>Shop</th>
            <th>Chain</th>
            <th>City</th>
            <th className="r">Orders/min</th>
            <th className="r">Can make/min</th>
            <th>Load</th>
            <th className="r">Backlog</th>
            <th className="r">Est. wait</th>
          </tr>
        </thead>
        <tbody>
          {view.topShops.map((s) => (
            <tr key={s.shopId}>
              <td>
                <Link href={`/shops/${s.shopId}`}>#{s.shopId}</Link>
              </td>
              <td>{s.chain}</td>
              <td>{s.city}</td>
              <td className="r">{fmtNum(s.ratePerMin, 1)}</td>
              <td className="r">{fmtNum(s.capacityPerMin, 1)}</td>
              <td>
                <UtilBar value={s.utilization} />
              </td>
              <td className="r">{fmtNum(s.backlog)}</td>
              <td
                className="r"
                style={{ color: s.waitMin > 15 ? "var(--crit)" : undefined, fontWeight: 600 }}
              >
                {fmtMinutes(s.waitMin)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Overview() {
  const live = useLiveView({ kind: "overview" });
  const { range } = useTimeRange();
  const history = useHistory(range);
  const v = live?.view ?? null;
  const isLive = range.key === "live";

  // Live charts open with the last 15 minutes from snapshots, then continue second by second.
  const backfill = useHistory({ key: "15m" }, { once: true, enabled: isLive });
  const liveRows = useMemo(() => {
    const rows = (live?.samples ?? []).map(overviewRow);
    return [...before(backfill.data?.overview, rows), ...rows];
  }, [live?.samples, backfill.data]);
  const rows: OverviewRow[] = isLive ? liveRows : (history.data?.overview ?? []);
  const alertSpans = useAlertSpans(
    rows.length ? rows[0]!.t : null,
    rows.length ? rows[rows.length - 1]!.t : null,
  );
  const endpointNames = useMemo(() => {
    const names = new Set(v?.endpoints.map((e) => e.endpoint) ?? []);
    for (const n of Object.keys(history.data?.endpoints ?? {})) names.add(n);
    return [...names].sort();
  }, [v, history.data]);
  const endpointRows = (name: string): EndpointRow[] => {
    if (!isLive) return history.data?.endpoints[name] ?? [];
    const rows = (live?.samples ?? []).map((p) => endpointRowFromPoint(p, name));
    return [...before(backfill.data?.endpoints[name], rows), ...rows];
  };

  const overShare = v && v.shops.total > 0 ? v.shops.overCapacity / v.shops.total : 0;
  // Rule 1: never show a number the pipeline does not have. Behind: the numbers are those of the
  // newest second every worker has closed, marked as such; no data or stale: no number at all.
  const pipeline = useConnection().info.status?.pipeline ?? null;
  const inReplay = useReplayScope() !== null;
  const honest = inReplay || !pipeline ? null : pipeline;
  const blind =
    honest !== null && (honest.state === "stale" || honest.state === "waiting" || honest.reporting === 0);
  // The 10-s windows right after a worker starts or the stream begins hold fewer measured seconds.
  const window = partialWindow(honest && !blind ? honest.windowCoveredMs : null);
  const note = !honest
    ? undefined
    : blind
      ? "NO DATA"
      : honest.state === "behind"
        ? "BEHIND"
        : honest.state === "no-data" || window.partial
          ? "PARTIAL"
          : undefined;
  /** A per-second rate of the 10-s window: over the seconds measured, none under one. */
  const rate = (perSecOver10s: number) => {
    const r = blind ? null : window.rate(perSecOver10s);
    return r === null ? "–" : fmtCompact(r);
  };
  // Workers reporting now (the status), not those whose last frames the combined view holds.
  const reporting = honest ? honest.reporting : (v?.sources ?? 0);
  // The cards are always the live numbers: with a past range chosen, they say so.
  const cardNote = isLive ? note : `LIVE${note ? ` · ${note}` : ""}`;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <div className="sub">
            {v
              ? `${reporting} worker${reporting === 1 ? "" : "s"} reporting · data up to ${v.watermark ? new Date(v.watermark).toLocaleTimeString("en-GB", { timeZone: "UTC" }) : "–"} UTC${honest && honest.state !== "live" ? ` · ${honest.text}` : ""}`
              : "Live view of orders, shops and the API"}
          </div>
        </div>
        <RangePicker />
      </div>

      {v ? (
        <div className="grid kpis">
          <Kpi
            label="Orders"
            value={rate(v.orders.perSec)}
            note={cardNote}
            muted={blind}
            unit="/s"
            level={utilLevel(v.orders.utilization)}
            detail={
              <>
                shops can make {fmtCompact(v.orders.capacityPerSec)}/s · <b>{fmtPct(v.orders.utilization)}</b>{" "}
                of capacity
              </>
            }
            testId="kpi-orders"
          />
          <Kpi
            label="Shops over capacity"
            value={blind ? "–" : fmtNum(v.shops.overCapacity)}
            note={cardNote}
            muted={blind}
            unit={v.shops.total ? `of ${fmtCompact(v.shops.total)}` : undefined}
            level={v.shops.overCapacity === 0 ? "ok" : overShare > 0.01 ? "crit" : "warn"}
            detail={`${fmtPct(overShare, 2)} of shops have a growing queue`}
            testId="kpi-shops"
          />
          <Kpi
            label="Downloads"
            value={rate(v.downloads.perSec)}
            note={cardNote}
            muted={blind}
            unit="/s"
            detail={`invites ${fmtCompact(v.downloads.invitesPerSec)}/s · ${fmtCompact(v.totals.downloads)} total`}
            testId="kpi-downloads"
          />
          <Kpi
            label="API requests"
            value={rate(v.api.requestsPerSec)}
            note={cardNote}
            muted={blind}
            unit="/s"
            level={utilLevel(v.api.maxUtilization)}
            detail={
              <>
                errors <b>{fmtPct(v.api.errorRate, 1)}</b> · busiest endpoint at{" "}
                {fmtPct(v.api.maxUtilization)}
              </>
            }
            testId="kpi-api"
          />
          <Kpi
            label="Orders since start"
            value={fmtCompact(v.totals.ordersCreated)}
            note={cardNote}
            // Blind: the total counted up to the last frame stands, a last-minute rate does not.
            detail={
              blind ? "counted up to the last frame" : `${fmtCompact(v.orders.perMin)} in the last minute`
            }
            testId="kpi-total"
          />
        </div>
      ) : null}

      {v ? (
        <Panel title="Saturation" hint="load over capacity · mark at 100 %">
          <div className="gauges">
            <Gauge
              label="Shop counters"
              value={blind ? null : v.orders.utilization}
              note={cardNote}
              testId="gauge-shops"
            />
            {v.endpoints.map((e) => (
              <Gauge key={e.endpoint} label={e.endpoint} value={blind ? null : e.utilization} note={note} />
            ))}
          </div>
        </Panel>
      ) : null}

      <div className="grid cols-2 section">
        <ExpandablePanel
          testId="panel-orders"
          title="Orders per second vs what shops can make"
          hint={
            isLive ? "live, per second" : history.data ? `history · ${history.data.step}s buckets` : "history"
          }
        >
          {rows.length ? (
            <TimeChart
              label="Orders per second against total shop capacity"
              testId="chart-orders"
              rows={rows}
              series={[
                { key: "orders", name: "Orders created", color: 0, kind: "area" },
                { key: "made", name: "Drinks made", color: "ok" },
              ]}
              capacity={v ? { value: v.orders.capacityPerSec, label: "Shop capacity" } : null}
              alerts={alertSpans}
            />
          ) : (
            <ChartEmpty loading={!isLive && history.loading} error={isLive ? null : history.error} />
          )}
        </ExpandablePanel>
        <ExpandablePanel
          testId="panel-downloads"
          title="Downloads per second"
          hint="installs, updates and invited installs"
        >
          {rows.length ? (
            <TimeChart
              label="Downloads per second"
              testId="chart-downloads"
              rows={rows}
              series={[
                { key: "downloads", name: "Downloads", color: 1, kind: "area" },
                { key: "invites", name: "Via invite links", color: 3 },
              ]}
            />
          ) : (
            <ChartEmpty loading={!isLive && history.loading} error={isLive ? null : history.error} />
          )}
        </ExpandablePanel>
      </div>

      <div className="section">
        <Panel title="API endpoints" hint="requests and errors per second · dashed: capacity">
          {endpointNames.length ? (
            <div className="grid cols-3">
              {endpointNames.map((name) => {
                const e = v?.endpoints.find((x) => x.endpoint === name);
                const cap = e?.capacityPerSec ?? history.data?.endpointCapacity[name] ?? 0;
                return (
                  <div key={name}>
                    <div
                      style={{ display: "flex", justifyContent: "space-between", gap: 8, marginBottom: 4 }}
                    >
                      <Link href={`/endpoints/${encodeURIComponent(name)}`}>
                        <b>{name}</b>
                      </Link>
                      {e ? (
                        <span className="user num">
                          {fmtCompact(e.requestsPerSec)}/s · err {fmtPct(e.errorRate, 1)} · p99{" "}
                          {fmtNum(e.p99)} ms
                        </span>
                      ) : null}
                    </div>
                    <TimeChart
                      label={`${name} requests and errors per second`}
                      rows={endpointRows(name)}
                      height={170}
                      series={[
                        { key: "requests", name: "Requests", color: 0, kind: "area" },
                        { key: "errors", name: "Errors", color: "crit" },
                      ]}
                      capacity={{ value: cap, label: "Capacity" }}
                    />
                  </div>
                );
              })}
            </div>
          ) : (
            <Empty title="No API traffic reported yet" />
          )}
        </Panel>
      </div>

      <div className="grid cols-2-1 section">
        <Panel title="Most overloaded shops" hint="estimated wait for a new order">
          {v ? <TopShops view={v} /> : <Empty title="No data yet" />}
        </Panel>
        <Panel title="Active alerts">
          <AlertsList limit={8} />
        </Panel>
      </div>
    </>
  );
}
