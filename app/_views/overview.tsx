"use client";
/**
 * The overview: what an on-call engineer reads first during the launch. The cards and gauges
 * (overview-kpis.tsx), the charts (overview-charts.tsx), the most overloaded shops and the
 * active alerts, narrowed by the dashboard's filters where the frames allow it.
 */
import { useMemo } from "react";
import {
  type EndpointRow,
  endpointRowFromPoint,
  type OverviewRow,
  overviewRow,
} from "../../core/live/chart-rows";
import { AnnotationsPanel } from "../_components/annotations-panel";
import { Empty } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { FilterBar } from "../_components/filter-bar";
import { RangePicker } from "../_components/range-picker";
import { topShopsSlice } from "../_lib/filtered-overview";
import { anyFilter, filtersText, useFilters } from "../_lib/filters";
import { before } from "../_lib/history-before";
import { useLiveView } from "../_lib/live-context";
import { useTimeRange } from "../_lib/time-range";
import { useHistory } from "../_lib/use-history";
import { usePanelAge } from "../_lib/use-panel-age";
import { AlertsList } from "./alerts-list";
import { EndpointCharts, OrdersCharts } from "./overview-charts";
import { OverviewKpis, SaturationPanel, useHonesty } from "./overview-kpis";
import { TopShops } from "./top-shops";

export function Overview() {
  const live = useLiveView({ kind: "overview" });
  const { range } = useTimeRange();
  const history = useHistory(range);
  const v = live?.view ?? null;
  const isLive = range.key === "live";
  const { filters } = useFilters();
  const { honest } = useHonesty();

  // Live charts open with the last 15 minutes from snapshots, then continue second by second.
  const backfill = useHistory({ key: "15m" }, { once: true, enabled: isLive });
  const liveRows = useMemo(() => {
    const rows = (live?.samples ?? []).map(overviewRow);
    return [...before(backfill.data?.overview, rows), ...rows];
  }, [live?.samples, backfill.data]);
  const rows: OverviewRow[] = isLive ? liveRows : (history.data?.overview ?? []);
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

  // How old each panel's data is: the newest frame live, the last answer over a past range.
  const liveAge = usePanelAge(true, v ? v.at : null, history);
  const chartAge = usePanelAge(isLive, v ? v.at : null, history);
  // Workers reporting now (the status), not those whose last frames the combined view holds.
  const reporting = honest ? honest.reporting : (v?.sources ?? 0);
  const shops = v ? topShopsSlice(v, filters) : null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            Overview
            {anyFilter(filters) ? <small className="filter-scope"> · {filtersText(filters)}</small> : null}
          </h1>
          <div className="sub">
            {v
              ? `${reporting} worker${reporting === 1 ? "" : "s"} reporting · data up to ${v.watermark ? new Date(v.watermark).toLocaleTimeString("en-GB", { timeZone: "UTC" }) : "–"} UTC${honest && honest.state !== "live" ? ` · ${honest.text}` : ""}`
              : "Live view of orders, shops and the API"}
          </div>
        </div>
        <div className="page-tools">
          <FilterBar dims={["chain", "city", "endpoint"]} />
          <RangePicker />
        </div>
      </div>

      {v ? <OverviewKpis v={v} isLive={isLive} /> : null}
      {v ? <SaturationPanel v={v} isLive={isLive} updatedAt={v.at} /> : null}

      <OrdersCharts v={v} isLive={isLive} rows={rows} history={history} freshness={chartAge} />
      <EndpointCharts
        v={v}
        names={endpointNames}
        rowsOf={endpointRows}
        capacityOf={(name) =>
          v?.endpoints.find((x) => x.endpoint === name)?.capacityPerSec ??
          history.data?.endpointCapacity[name] ??
          0
        }
        freshness={chartAge}
      />

      <div className="grid cols-2-1 section">
        <ExpandablePanel
          title="Most overloaded shops"
          hint={
            anyFilter(filters)
              ? "of the 10 most overloaded overall · estimated wait"
              : "estimated wait for a new order"
          }
          testId="panel-top-shops"
          {...liveAge}
        >
          {!shops ? (
            <Empty title="No data yet" />
          ) : shops.ok ? (
            <TopShops shops={shops.value} filtered={anyFilter(filters)} />
          ) : (
            <Empty title={`No shops for ${filtersText(filters)}`}>
              <span data-testid="filter-reason">{shops.reason}</span>
            </Empty>
          )}
        </ExpandablePanel>
        <ExpandablePanel title="Active alerts" testId="panel-alerts" expandable={false}>
          <AlertsList limit={8} filters={filters} />
        </ExpandablePanel>
      </div>
      <div className="section">
        <AnnotationsPanel />
      </div>
    </>
  );
}
