"use client";
/**
 * The overview's KPI cards and saturation gauges, honest about how current they are (rule 1:
 * never a number the pipeline does not have) and about the filters: a number the frames do not
 * break down by the filtered chain, city or endpoint reads "–" with the reason.
 */
import type { BreakdownRow } from "../../core/live/breakdown";
import type { OverviewView } from "../../core/live/overview";
import { partialWindow } from "../../core/live/partial-window";
import { Gauge, Kpi } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { apiSlice, endpointsSlice, ordersSlice, overallOnly, type Slice } from "../_lib/filtered-overview";
import { type Filters, useFilters } from "../_lib/filters";
import { fmtCompact, fmtNum, fmtPct, utilLevel } from "../_lib/format";
import { useConnection, useLiveView } from "../_lib/live-context";
import { useReplayScope } from "../_lib/replay-scope";

/** How current the live numbers are: blind (none), and the tag the cards carry. */
export function useHonesty() {
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
  return { honest, blind, note, rate };
}

/** The chain or city room's rows when that filter is set (null: not needed, or not yet). */
function useFilterRows(f: Filters): readonly BreakdownRow[] | null {
  const dim = f.chain !== null ? "chain" : f.city !== null ? "city" : null;
  const chain = useLiveView(dim === "chain" ? { kind: "chain" } : null);
  const city = useLiveView(dim === "city" ? { kind: "city" } : null);
  return (dim === "chain" ? chain?.view?.rows : dim === "city" ? city?.view?.rows : null) ?? null;
}

/** What a card shows for a slice with no value: "–" and why. */
const missing = (s: { ok: false; reason: string }) => ({
  value: "–",
  unit: undefined,
  detail: <span data-testid="filter-reason">{s.reason}</span>,
  muted: true,
});

export function OverviewKpis({ v, isLive }: { v: OverviewView; isLive: boolean }) {
  const { filters } = useFilters();
  const { blind, note, rate } = useHonesty();
  const rows = useFilterRows(filters);
  // The cards are always the live numbers: with a past range chosen, they say so.
  const cardNote = isLive ? note : `LIVE${note ? ` · ${note}` : ""}`;
  const orders = ordersSlice(v, filters, rows);
  const api = apiSlice(v, filters);
  const shopsOver = overallOnly(filters, v.shops, "shops over capacity");
  const downloads = overallOnly(filters, v.downloads, "downloads");
  const total = overallOnly(filters, v.totals.ordersCreated, "totals since the start");
  const overShare = v.shops.total > 0 ? v.shops.overCapacity / v.shops.total : 0;
  const card = <T,>(s: Slice<T>, shown: (value: T) => Omit<Parameters<typeof Kpi>[0], "label">) =>
    s.ok ? shown(s.value) : missing(s);
  return (
    <div className="grid kpis">
      <Kpi
        label="Orders"
        note={cardNote}
        unit="/s"
        testId="kpi-orders"
        {...card(orders, (o) => ({
          value: rate(o.perSec),
          muted: blind,
          level: utilLevel(o.utilization),
          detail: (
            <>
              shops can make {fmtCompact(o.capacityPerSec)}/s · <b>{fmtPct(o.utilization)}</b> of capacity
            </>
          ),
        }))}
      />
      <Kpi
        label="Shops over capacity"
        note={cardNote}
        testId="kpi-shops"
        {...card(shopsOver, (s) => ({
          value: blind ? "–" : fmtNum(s.overCapacity),
          muted: blind,
          unit: s.total ? `of ${fmtCompact(s.total)}` : undefined,
          level: s.overCapacity === 0 ? "ok" : overShare > 0.01 ? "crit" : "warn",
          detail: `${fmtPct(overShare, 2)} of shops have a growing queue`,
        }))}
      />
      <Kpi
        label="Downloads"
        note={cardNote}
        unit="/s"
        testId="kpi-downloads"
        {...card(downloads, (d) => ({
          value: rate(d.perSec),
          muted: blind,
          detail: `invites ${fmtCompact(d.invitesPerSec)}/s · ${fmtCompact(v.totals.downloads)} total`,
        }))}
      />
      <Kpi
        label="API requests"
        note={cardNote}
        unit="/s"
        testId="kpi-api"
        {...card(api, (a) => ({
          value: rate(a.requestsPerSec),
          muted: blind,
          level: utilLevel(a.maxUtilization),
          detail: (
            <>
              errors <b>{fmtPct(a.errorRate, 1)}</b> · {filters.endpoint ? "at" : "busiest endpoint at"}{" "}
              {fmtPct(a.maxUtilization)}
            </>
          ),
        }))}
      />
      <Kpi
        label="Orders since start"
        note={cardNote}
        testId="kpi-total"
        {...card(total, (t) => ({
          value: fmtCompact(t),
          // Blind: the total counted up to the last frame stands, a last-minute rate does not.
          detail: blind
            ? "counted up to the last frame"
            : `${fmtCompact(v.orders.perMin)} in the last minute`,
        }))}
        {...(!total.ok && orders.ok && orders.value.last15m !== null && !blind
          ? { detail: `${total.reason} · last 15 min: ${fmtCompact(orders.value.last15m)}` }
          : {})}
      />
    </div>
  );
}

export function SaturationPanel({
  v,
  isLive,
  updatedAt,
}: {
  v: OverviewView;
  isLive: boolean;
  updatedAt: number | null;
}) {
  const { filters } = useFilters();
  const { blind, note, honest } = useHonesty();
  const rows = useFilterRows(filters);
  const orders = ordersSlice(v, filters, rows);
  const endpoints = endpointsSlice(v, filters);
  const reasons = [orders, endpoints].flatMap((s) => (s.ok ? [] : [s.reason]));
  return (
    <ExpandablePanel
      title="Saturation"
      hint="load over capacity · mark at 100 %"
      testId="panel-saturation"
      updatedAt={updatedAt}
      staleReason={blind ? (honest?.text ?? null) : null}
    >
      <div className="gauges">
        {orders.ok ? (
          <Gauge
            label={filters.chain ?? filters.city ?? "Shop counters"}
            value={blind ? null : orders.value.utilization}
            note={isLive ? note : `LIVE${note ? ` · ${note}` : ""}`}
            testId="gauge-shops"
          />
        ) : null}
        {endpoints.ok
          ? endpoints.value.map((e) => (
              <Gauge key={e.endpoint} label={e.endpoint} value={blind ? null : e.utilization} note={note} />
            ))
          : null}
      </div>
      {reasons.length ? (
        <div className="form-note" data-testid="filter-reason">
          Not shown: {reasons.join("; ")}.
        </div>
      ) : null}
    </ExpandablePanel>
  );
}
