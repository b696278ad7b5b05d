"use client";
/**
 * One shop's charts: orders per minute against its counter's capacity, and the backlog with the
 * estimated wait; live or over a past range, each panel saying how old its data is.
 */
import type { ShopSample } from "../../core/live/shop-view";
import { ChartEmpty } from "../_components/chart-empty";
import { ExpandablePanel, type PanelFreshnessProps } from "../_components/expandable-panel";
import { TimeChart } from "../_components/time-chart";
import { fmtNum } from "../_lib/format";
import type { HistoryState } from "../_lib/use-history";

interface ShopChartsProps {
  rows: ShopSample[];
  /** Orders per minute the counter can make: the capacity line. */
  capacity: number;
  isLive: boolean;
  history: Pick<HistoryState, "loading" | "error">;
  /** How old the charts' data is (the newest frame live, the last fetch over a range). */
  age: PanelFreshnessProps;
}

export function ShopCharts({ rows, capacity, isLive, history, age }: ShopChartsProps) {
  const empty = <ChartEmpty loading={!isLive && history.loading} error={isLive ? null : history.error} />;
  return (
    <div className="grid cols-2 section">
      <ExpandablePanel
        {...age}
        title="Orders per minute vs counter capacity"
        hint={isLive ? "live" : "history"}
      >
        {rows.length ? (
          <TimeChart
            label="Shop order rate against its capacity"
            testId="chart-shop-rate"
            rows={rows}
            format={(n) => fmtNum(n, 1)}
            series={[{ key: "ratePerMin", name: "Orders/min", color: 0, kind: "area" }]}
            capacity={{ value: capacity, label: "Counter capacity" }}
          />
        ) : (
          empty
        )}
      </ExpandablePanel>
      <ExpandablePanel {...age} title="Backlog and wait" hint="orders waiting · minutes for a new order">
        {rows.length ? (
          <TimeChart
            label="Shop backlog and estimated wait"
            rows={rows}
            format={(n) => fmtNum(n, 1)}
            series={[
              { key: "backlog", name: "Backlog (orders)", color: 3, kind: "area" },
              { key: "waitMin", name: "Wait (min)", color: "crit" },
            ]}
          />
        ) : (
          empty
        )}
      </ExpandablePanel>
    </div>
  );
}
