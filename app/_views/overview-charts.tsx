"use client";
/**
 * The overview's charts: orders against what shops can make, downloads, and each API endpoint's
 * requests and errors against its capacity; live (a point per closed second, opened with the
 * last 15 minutes) or over a past range. Each panel goes full screen and says how old its data
 * is; the filters narrow the endpoint charts, and the per-second series that are not broken down
 * by the filtered chain, city or endpoint give way to the reason.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import type { EndpointRow, OverviewRow } from "../../core/live/chart-rows";
import type { OverviewView } from "../../core/live/overview";
import { Empty } from "../_components/bits";
import { ChartEmpty } from "../_components/chart-empty";
import { ExpandablePanel, type PanelFreshnessProps } from "../_components/expandable-panel";
import { TimeChart } from "../_components/time-chart";
import { endpointsSlice, unsupported } from "../_lib/filtered-overview";
import { filtersText, useFilters } from "../_lib/filters";
import { fmtCompact, fmtNum, fmtPct } from "../_lib/format";
import { useAlertSpans } from "../_lib/use-alert-spans";
import type { HistoryState } from "../_lib/use-history";

interface ChartsProps {
  v: OverviewView | null;
  isLive: boolean;
  rows: OverviewRow[];
  history: HistoryState;
  /** How old the charts' data is (the newest frame live, the last fetch over a range). */
  freshness: PanelFreshnessProps;
}

/** Where a chart of an overall series stood: why the filtered slice has no such series. */
function SeriesReason({ reason }: { reason: string }) {
  const { filters } = useFilters();
  return (
    <Empty title={`No per-second series for ${filtersText(filters)}`}>
      <span data-testid="filter-reason">
        {reason}. The filtered rates are in the cards above; per chain and city over time on{" "}
        <Link href="/chains">Chains</Link> and <Link href="/cities">Cities</Link>.
      </span>
    </Empty>
  );
}

/** A panel of one overall series chart: the chart, why the filters leave it out, or why it is empty. */
function SeriesPanel({
  why,
  hasRows,
  empty,
  chart,
  ...panel
}: Omit<Parameters<typeof ExpandablePanel>[0], "children"> & {
  why: string | null;
  hasRows: boolean;
  empty: ReactNode;
  chart: () => ReactNode;
}) {
  return (
    <ExpandablePanel {...panel}>
      {why ? <SeriesReason reason={why} /> : hasRows ? chart() : empty}
    </ExpandablePanel>
  );
}

export function OrdersCharts({ v, isLive, rows, history, freshness }: ChartsProps) {
  const { filters } = useFilters();
  const alertSpans = useAlertSpans(
    rows.length ? rows[0]!.t : null,
    rows.length ? rows[rows.length - 1]!.t : null,
  );
  const common = {
    ...freshness,
    hasRows: rows.length > 0,
    empty: <ChartEmpty loading={!isLive && history.loading} error={isLive ? null : history.error} />,
  };
  return (
    <div className="grid cols-2 section">
      <SeriesPanel
        {...common}
        testId="panel-orders"
        title="Orders per second vs what shops can make"
        hint={
          isLive ? "live, per second" : history.data ? `history · ${history.data.step}s buckets` : "history"
        }
        why={unsupported(filters, [], "per-second orders")}
        chart={() => (
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
        )}
      />
      <SeriesPanel
        {...common}
        testId="panel-downloads"
        title="Downloads per second"
        hint="installs, updates and invited installs"
        why={unsupported(filters, [], "downloads")}
        chart={() => (
          <TimeChart
            label="Downloads per second"
            testId="chart-downloads"
            rows={rows}
            series={[
              { key: "downloads", name: "Downloads", color: 1, kind: "area" },
              { key: "invites", name: "Via invite links", color: 3 },
            ]}
          />
        )}
      />
    </div>
  );
}

export function EndpointCharts({
  v,
  names,
  rowsOf,
  capacityOf,
  freshness,
}: {
  v: OverviewView | null;
  /** Every endpoint with live or history data. */
  names: string[];
  rowsOf(name: string): EndpointRow[];
  capacityOf(name: string): number;
  freshness: PanelFreshnessProps;
}) {
  const { filters } = useFilters();
  const why = unsupported(filters, ["endpoint"], "API calls");
  const shown = filters.endpoint === null ? names : names.filter((n) => n === filters.endpoint);
  const missing = v && filters.endpoint !== null && !shown.length ? endpointsSlice(v, filters) : null;
  return (
    <div className="section">
      <ExpandablePanel
        title="API endpoints"
        hint="requests and errors per second · dashed: capacity"
        testId="panel-endpoints"
        {...freshness}
      >
        {why ? (
          <SeriesReason reason={why} />
        ) : missing && !missing.ok ? (
          <Empty title={`No data for ${filtersText(filters)}`}>
            <span data-testid="filter-reason">{missing.reason}</span>
          </Empty>
        ) : shown.length ? (
          <div className={shown.length === 1 ? "" : "grid cols-3"}>
            {shown.map((name) => {
              const e = v?.endpoints.find((x) => x.endpoint === name);
              return (
                <div key={name}>
                  <div style={{ display: "flex", justifyContent: "space-between", gap: 8, marginBottom: 4 }}>
                    <Link href={`/endpoints/${encodeURIComponent(name)}`}>
                      <b>{name}</b>
                    </Link>
                    {e ? (
                      <span className="user num">
                        {fmtCompact(e.requestsPerSec)}/s · err {fmtPct(e.errorRate, 1)} · p99{" "}
                        {e.p99 === null ? "–" : `${fmtNum(e.p99)} ms`}
                      </span>
                    ) : null}
                  </div>
                  <TimeChart
                    label={`${name} requests and errors per second`}
                    testId={`chart-endpoint-${name.replace(/[^A-Za-z0-9]+/g, "-")}`}
                    rows={rowsOf(name)}
                    height={shown.length === 1 ? 260 : 170}
                    series={[
                      { key: "requests", name: "Requests", color: 0, kind: "area" },
                      { key: "errors", name: "Errors", color: "crit" },
                    ]}
                    capacity={{ value: capacityOf(name), label: "Capacity" }}
                  />
                </div>
              );
            })}
          </div>
        ) : (
          <Empty title="No API traffic reported yet" />
        )}
      </ExpandablePanel>
    </div>
  );
}
