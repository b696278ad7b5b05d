"use client";
/** One shop: its order rate against what its counter can make, the backlog and the wait. */
import Link from "next/link";
import { useMemo } from "react";
import type { ShopSample } from "../../core/live/shop-view";
import { Empty, Gauge, Kpi } from "../_components/bits";
import { ChartEmpty } from "../_components/chart-empty";
import { ExpandablePanel } from "../_components/expandable-panel";
import { RangePicker } from "../_components/range-picker";
import { TimeChart } from "../_components/time-chart";
import { fmtMinutes, fmtNum, fmtPct, utilLevel } from "../_lib/format";
import { before } from "../_lib/history-before";
import { useLiveView } from "../_lib/live-context";
import { useTimeRange } from "../_lib/time-range";
import { useHistory } from "../_lib/use-history";
import { usePanelAge } from "../_lib/use-panel-age";

export function ShopDetail({ shopId }: { shopId: number }) {
  const state = useLiveView({ kind: "shop", shopId });
  const { range } = useTimeRange();
  const history = useHistory(range, { shopId });
  // Live mode starts with what the snapshots hold for the last 15 minutes, if the shop was
  // among the overloaded or watched ones then; live samples continue from there.
  const backfill = useHistory({ key: "15m" }, { shopId, once: true, enabled: range.key === "live" });
  const v = state?.view ?? null;
  const load = v?.load ?? null;
  const isLive = range.key === "live";
  const rows: ShopSample[] = useMemo(() => {
    if (!isLive) return history.data?.shops[String(shopId)] ?? [];
    const live = state?.samples ?? [];
    return [...before(backfill.data?.shops[String(shopId)], live), ...live];
  }, [isLive, history.data, backfill.data, state?.samples, shopId]);
  const capacity = load?.capacityPerMin ?? v?.info?.capacityPerMin ?? 0;
  const age = usePanelAge(isLive, v ? v.at : null, history);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            Shop #{shopId}
            {v?.info ? ` · ${v.info.chain}, ${v.info.city}` : ""}
          </h1>
          <div className="sub">
            <Link href="/shops">← all shops</Link>
            {v?.topRank ? ` · #${v.topRank} among the most overloaded shops` : ""}
          </div>
        </div>
        <RangePicker />
      </div>

      {state && !v?.info ? (
        <div className="banner warn" role="status">
          <div>
            <strong>Shop #{shopId} is not in the reference data</strong>
            <p>
              Check the id, or <Link href="/shops">search by chain or city</Link>. Load still shows if workers
              report it.
            </p>
          </div>
        </div>
      ) : null}

      {load ? (
        <div className="grid kpis">
          <Kpi
            label="Orders"
            value={fmtNum(load.ratePerMin, 1)}
            unit="/min"
            level={utilLevel(load.utilization)}
            detail={`counter makes ${fmtNum(load.capacityPerMin, 1)}/min · ${fmtPct(load.utilization)} of capacity`}
            testId="shop-rate"
          />
          <Kpi
            label="Backlog"
            value={fmtNum(load.backlog)}
            unit="orders"
            detail="waiting at the counter"
            testId="shop-backlog"
          />
          <Kpi
            label="Estimated wait"
            value={fmtMinutes(load.waitMin)}
            level={load.waitMin > 30 ? "crit" : load.waitMin > 10 ? "warn" : "ok"}
            word="LONG"
            detail="for an order placed now"
            testId="shop-wait"
          />
          <div className="panel">
            <Gauge label="Counter load" value={load.utilization} />
          </div>
        </div>
      ) : v?.info ? (
        <div className="grid kpis">
          <Kpi
            label="Counter capacity"
            value={fmtNum(v.info.capacityPerMin, 1)}
            unit="/min"
            detail="from the reference data"
          />
          <div className="panel" style={{ gridColumn: "span 3" }}>
            <Empty title="Waiting for the workers to report this shop">
              Opening a shop asks the aggregation workers to include it in their frames; it shows within a few
              seconds of the next order. A shop without orders stays empty.
            </Empty>
          </div>
        </div>
      ) : null}

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
            <ChartEmpty loading={!isLive && history.loading} error={isLive ? null : history.error} />
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
            <ChartEmpty loading={!isLive && history.loading} error={isLive ? null : history.error} />
          )}
        </ExpandablePanel>
      </div>
    </>
  );
}
