"use client";
/**
 * One endpoint's charts: requests against capacity, errors, latency percentiles (live, or over
 * a past range) and errors by class over the last minute. Each panel goes full screen and says
 * how old its data is.
 */
import type { EndpointRow } from "../../core/live/chart-rows";
import type { EndpointView } from "../../core/live/endpoint-view";
import { Empty } from "../_components/bits";
import { ChartEmpty } from "../_components/chart-empty";
import { ExpandablePanel, type PanelFreshnessProps } from "../_components/expandable-panel";
import { TimeChart } from "../_components/time-chart";
import { fmtNum } from "../_lib/format";
import type { HistoryState } from "../_lib/use-history";
import { ErrorClassesChart } from "./endpoint-error-classes";

interface EndpointChartsProps {
  endpoint: string;
  rows: EndpointRow[];
  /** Requests per second the endpoint can take: the capacity line. */
  capacity: number;
  view: EndpointView | null;
  isLive: boolean;
  history: Pick<HistoryState, "loading" | "error">;
  /** How old the charts' data is (the newest frame live, the last fetch over a range). */
  age: PanelFreshnessProps;
}

export function EndpointCharts({
  endpoint,
  rows,
  capacity,
  view,
  isLive,
  history,
  age,
}: EndpointChartsProps) {
  const empty = <ChartEmpty loading={!isLive && history.loading} error={isLive ? null : history.error} />;
  return (
    <div className="grid cols-2 section">
      <ExpandablePanel {...age} title="Request rate vs capacity" hint="per second">
        {rows.length ? (
          <TimeChart
            label={`${endpoint} requests per second against capacity`}
            testId="chart-endpoint-requests"
            rows={rows}
            series={[
              { key: "requests", name: "Requests/s", color: 0, kind: "area" },
              { key: "retries", name: "Retries/s", color: 3 },
            ]}
            capacity={{ value: capacity, label: "Capacity" }}
          />
        ) : (
          empty
        )}
      </ExpandablePanel>
      <ExpandablePanel {...age} title="Errors per second" hint="failed requests">
        {rows.length ? (
          <TimeChart
            label={`${endpoint} errors per second`}
            testId="chart-endpoint-errors"
            rows={rows}
            series={[{ key: "errors", name: "Errors/s", color: "crit", kind: "area" }]}
          />
        ) : (
          empty
        )}
      </ExpandablePanel>
      <ExpandablePanel {...age} title="Latency percentiles" hint="over the last minute, ms">
        {rows.some((r) => r.p99 !== null) ? (
          <TimeChart
            label={`${endpoint} latency percentiles`}
            testId="chart-endpoint-latency"
            rows={rows}
            format={(n) => fmtNum(n)}
            series={[
              { key: "p50", name: "p50", color: 2 },
              { key: "p95", name: "p95", color: 3 },
              { key: "p99", name: "p99", color: "crit" },
            ]}
          />
        ) : (
          empty
        )}
      </ExpandablePanel>
      <ExpandablePanel {...age} title="Errors by class" hint="last minute">
        {view?.errorClasses.length ? (
          <ErrorClassesChart errorClasses={view.errorClasses} />
        ) : (
          <Empty title={view?.summary ? "No errors in the last minute" : "No data"} />
        )}
      </ExpandablePanel>
    </div>
  );
}
