"use client";
/**
 * One shop's cards: its orders against what its counter can make, the backlog, the wait and the
 * counter's load; before a worker reports the shop, its capacity from the reference data.
 */
import Link from "next/link";
import type { ShopView } from "../../core/live/shop-view";
import { Empty, Gauge, Kpi } from "../_components/bits";
import { fmtMinutes, fmtNum, fmtPct, utilLevel } from "../_lib/format";

export function ShopKpis({ v }: { v: ShopView | null }) {
  const load = v?.load ?? null;
  if (load)
    return (
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
    );
  if (!v?.info) return null;
  return (
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
  );
}

/** The shop id is not in the reference data (its load still shows if the workers report it). */
export function UnknownShop({ shopId }: { shopId: number }) {
  return (
    <div className="banner warn" role="status">
      <div>
        <strong>Shop #{shopId} is not in the reference data</strong>
        <p>
          Check the id, or <Link href="/shops">search by chain or city</Link>. Load still shows if workers
          report it.
        </p>
      </div>
    </div>
  );
}
