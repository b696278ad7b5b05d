"use client";
/**
 * Chains or cities: a live table sortable by any column, most loaded first by default, with how
 * many of each group's shops are over capacity: as the workers count them (the rows' `shopsOver`,
 * issue 15) or, when the frames do not count per group (older workers, old snapshots), the shops
 * whose shop alert fires (core/live/shops-alerting.ts), with a footnote saying that trails.
 */
import { useMemo, useState } from "react";
import {
  type BreakdownRow,
  type BreakdownSortKey,
  type ShopsOverCell,
  type SortDirection,
  sortBreakdown,
} from "../../core/live/breakdown";
import { type ShopsAlerting, shopsAlertingBy, shopsOverNote } from "../../core/live/shops-alerting";
import { Empty, LevelTag, UtilBar } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { fmtCompact, fmtNum, fmtPct } from "../_lib/format";
import { useLiveView } from "../_lib/live-context";
import { useReplayScope } from "../_lib/replay-scope";
import { usePipelineStaleReason } from "../_lib/use-stale-reason";

type SortKey = BreakdownSortKey | "shopsOver";
const columns: Array<{ key: SortKey; label: string; numeric: boolean }> = [
  { key: "key", label: "Name", numeric: false },
  { key: "shops", label: "Shops", numeric: true },
  { key: "shopsOver", label: "Shops over", numeric: true },
  { key: "ordersPerSec", label: "Orders/s", numeric: true },
  { key: "ordersPerMin", label: "Orders/min", numeric: true },
  { key: "capacityPerMin", label: "Can make/min", numeric: true },
  { key: "utilization", label: "Load", numeric: false },
  { key: "orders15m", label: "Orders 15 min", numeric: true },
];

export function Breakdown({ dimension }: { dimension: "chain" | "city" }) {
  const state = useLiveView(dimension === "chain" ? { kind: "chain" } : { kind: "city" });
  // Per group, the shops whose shop alert fires; the overview's count of all shops over capacity now.
  const alerts = useLiveView({ kind: "alerts" })?.view ?? null;
  const overNow = useLiveView({ kind: "overview" })?.view?.shops.overCapacity ?? null;
  const alerting = useMemo(
    () => (alerts ? shopsAlertingBy(alerts.alerts, dimension) : null),
    [alerts, dimension],
  );
  const staleReason = usePipelineStaleReason();
  const inReplay = useReplayScope() !== null;
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDirection }>({
    key: "utilization",
    dir: "desc",
  });
  const [filter, setFilter] = useState("");
  const [showAll, setShowAll] = useState(false);
  const rows: BreakdownRow[] = useMemo(() => {
    const all = state?.view?.rows ?? [];
    const f = filter.trim().toLowerCase();
    const kept = f ? all.filter((r) => r.key.toLowerCase().includes(f)) : all;
    if (sort.key !== "shopsOver") return sortBreakdown(kept, sort.key, sort.dir);
    // An unknown count (a rebalance) sorts below every known one.
    const n = (r: BreakdownRow) => (r.shopsOver ? (r.shopsOver.n ?? -1) : (alerting?.byKey.get(r.key) ?? 0));
    const sign = sort.dir === "asc" ? 1 : -1;
    return [...kept].sort((a, b) => sign * (n(a) - n(b)) || a.key.localeCompare(b.key));
  }, [state, sort, filter, alerting]);
  const total = state?.view?.rows.length ?? 0;
  // Hundreds of cities: the first 50 of the current order, the rest on request (or by filter).
  const shown = showAll ? rows : rows.slice(0, 50);
  const over = state?.view?.rows.filter((r) => r.utilization > 1).length ?? 0;
  const noun = dimension === "chain" ? "chains" : "cities";
  // Every row has the workers' count or none does (it depends on the frames, not the group).
  const counted = state?.view?.rows[0]?.shopsOver ?? null;
  const groupsOver = state?.view?.rows.filter((r) => (r.shopsOver?.n ?? 0) > 0).length ?? 0;

  const header = (c: (typeof columns)[number]) => (
    <SortHeader key={c.key} column={c} sort={sort} onSort={(dir) => setSort({ key: c.key, dir })} />
  );

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{dimension === "chain" ? "Chains" : "Cities"}</h1>
          <div className="sub">
            Orders over the last minute against what the {noun}' shops can make · {over} of {total} {noun}{" "}
            over capacity
          </div>
          <div className="sub" data-testid="shops-over-summary">
            {overNow !== null ? `${fmtNum(overNow)} shops over capacity now · ` : ""}
            {counted
              ? counted.n === null
                ? "per group: unknown while partitions move between workers"
                : `in ${counted.atLeast ? "at least " : ""}${fmtNum(groupsOver)} ${noun}`
              : alerting
                ? `${alerting.atLeast ? "at least " : ""}${fmtNum(alerting.total)} alerting (over for their rule's duration) in ${fmtNum(alerting.byKey.size)} ${noun}`
                : "shops over capacity per group: waiting for the alerts"}
          </div>
        </div>
        <input
          type="search"
          placeholder={`Filter ${noun}…`}
          aria-label={`Filter ${noun}`}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <ExpandablePanel
        title={`${fmtNum(rows.length)} ${noun}`}
        hint="click a column to sort"
        updatedAt={inReplay ? undefined : (state?.view?.at ?? null)}
        staleReason={staleReason}
      >
        {state?.view ? (
          rows.length ? (
            <div className="table-wrap">
              <table className="data" data-testid="breakdown">
                <thead>
                  <tr>
                    {columns.map(header)}
                    <th className="r">Share</th>
                    <th>State</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <GroupRow key={r.key} r={r} alerting={alerting} />
                  ))}
                </tbody>
              </table>
              <p className="form-note" data-testid="shops-over-note">
                {shopsOverNote(dimension, counted ? "frames" : "alerts")}
                {counted?.reason ? (
                  <span data-testid="shops-over-reason"> Now: {counted.reason}.</span>
                ) : null}
              </p>
              {rows.length > shown.length ? (
                <p className="form-note">
                  Showing {shown.length} of {rows.length}.{" "}
                  <button type="button" onClick={() => setShowAll(true)}>
                    Show all
                  </button>
                </p>
              ) : null}
            </div>
          ) : (
            <Empty title={filter ? `No ${dimension} matches “${filter}”` : `No ${noun} yet`}>
              {filter ? "Clear the filter to see all." : "Rows appear once orders or reference data exist."}
            </Empty>
          )
        ) : (
          <Empty title="Waiting for data">The banner above says what the dashboard is waiting for.</Empty>
        )}
      </ExpandablePanel>
    </>
  );
}

const alertsTitle =
  "shops whose shop alert fires: over capacity for the rule's “for” (2 min as shipped), so this trails the live count";

/** "34" with "12% of shops" under it; "≥" when the count is a lower bound. */
function ShopsOver({ n, of, atLeast, title }: { n: number; of: number; atLeast: boolean; title: string }) {
  return (
    <span title={title}>
      {atLeast ? "≥ " : ""}
      {fmtNum(n)}
      {n > 0 && of > 0 ? <div className="user">{fmtPct(n / of, n / of < 0.01 ? 1 : 0)} of shops</div> : null}
    </span>
  );
}

/** A sortable column's heading: the first click sorts names up and numbers down, the next reverses. */
function SortHeader({
  column: c,
  sort,
  onSort,
}: {
  column: (typeof columns)[number];
  sort: { key: SortKey; dir: SortDirection };
  onSort: (dir: SortDirection) => void;
}) {
  const active = sort.key === c.key;
  const aria = active ? (sort.dir === "asc" ? "ascending" : "descending") : "none";
  return (
    <th className={c.numeric ? "r" : undefined} aria-sort={aria}>
      <button
        type="button"
        onClick={() =>
          onSort(active ? (sort.dir === "asc" ? "desc" : "asc") : c.key === "key" ? "asc" : "desc")
        }
      >
        {c.label} {active ? (sort.dir === "asc" ? "▲" : "▼") : ""}
      </button>
    </th>
  );
}

/** The workers' count: exact, "≥ N" or "–", the reason in the tooltip. */
function CountedShopsOver({ c, of }: { c: ShopsOverCell; of: number }) {
  if (c.n === null) return <span title={c.reason}>–</span>;
  const title = c.reason ?? "shops whose orders over the last minute exceed their capacity, now";
  return <ShopsOver n={c.n} of={of} atLeast={c.atLeast} title={title} />;
}

/** One chain or city. */
function GroupRow({ r, alerting }: { r: BreakdownRow; alerting: ShopsAlerting | null }) {
  return (
    <tr>
      <td>
        <b>{r.key}</b>
      </td>
      <td className="r">{fmtNum(r.shops)}</td>
      <td className="r" data-testid="shops-over">
        {r.shopsOver ? (
          <CountedShopsOver c={r.shopsOver} of={r.shops} />
        ) : alerting ? (
          <ShopsOver
            n={alerting.byKey.get(r.key) ?? 0}
            of={r.shops}
            atLeast={alerting.atLeast && (alerting.byKey.get(r.key) ?? 0) > 0}
            title={alertsTitle}
          />
        ) : (
          "–"
        )}
      </td>
      <td className="r">{fmtNum(r.ordersPerSec, 1)}</td>
      <td className="r">{fmtNum(r.ordersPerMin)}</td>
      <td className="r">{fmtCompact(r.capacityPerMin)}</td>
      <td>
        <UtilBar value={r.utilization} />
      </td>
      <td className="r">{fmtNum(r.orders15m)}</td>
      <td className="r">{fmtPct(r.share, 1)}</td>
      <td>
        <LevelTag value={r.utilization} />
      </td>
    </tr>
  );
}
