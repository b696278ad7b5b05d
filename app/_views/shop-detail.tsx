"use client";
/**
 * One shop: its order rate against what its counter can make, the backlog and the wait. The
 * cards (shop-kpis.tsx) and the charts (shop-charts.tsx).
 */
import Link from "next/link";
import { useMemo } from "react";
import type { ShopSample } from "../../core/live/shop-view";
import { RangePicker } from "../_components/range-picker";
import { before } from "../_lib/history-before";
import { useLiveView } from "../_lib/live-context";
import { useTimeRange } from "../_lib/time-range";
import { useHistory } from "../_lib/use-history";
import { usePanelAge } from "../_lib/use-panel-age";
import { ShopCharts } from "./shop-charts";
import { ShopKpis, UnknownShop } from "./shop-kpis";

export function ShopDetail({ shopId }: { shopId: number }) {
  const state = useLiveView({ kind: "shop", shopId });
  const { range } = useTimeRange();
  const history = useHistory(range, { shopId });
  // Live mode starts with what the snapshots hold for the last 15 minutes, if the shop was
  // among the overloaded or watched ones then; live samples continue from there.
  const backfill = useHistory({ key: "15m" }, { shopId, once: true, enabled: range.key === "live" });
  const v = state?.view ?? null;
  const isLive = range.key === "live";
  const rows: ShopSample[] = useMemo(() => {
    if (!isLive) return history.data?.shops[String(shopId)] ?? [];
    const live = state?.samples ?? [];
    return [...before(backfill.data?.shops[String(shopId)], live), ...live];
  }, [isLive, history.data, backfill.data, state?.samples, shopId]);
  const capacity = v?.load?.capacityPerMin ?? v?.info?.capacityPerMin ?? 0;
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

      {state && !v?.info ? <UnknownShop shopId={shopId} /> : null}
      <ShopKpis v={v} />
      <ShopCharts rows={rows} capacity={capacity} isLive={isLive} history={history} age={age} />
    </>
  );
}
