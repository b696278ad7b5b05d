/**
 * Chain and city breakdowns: order rates from the combined frame against the capacity of the
 * shops in each group. Utilization is orders over the last minute divided by capacity per minute.
 */
import type { ShopsOverView } from "../frames/shops-over";
import { perSecond, type WindowCounts } from "../frames/windows";
import { type CapacityGroup, utilization } from "./reference-capacity";
import { type ShopsOverCell, shopsOverCoverage } from "./shops-over-cell";

export type { ShopsOverCell } from "./shops-over-cell";

export type BreakdownDimension = "chain" | "city";

export interface BreakdownRow {
  key: string;
  shops: number;
  capacityPerMin: number;
  /** Orders created over the last minute (= per minute). */
  ordersPerMin: number;
  /** Orders per second over the last 10 s. */
  ordersPerSec: number;
  /** Orders over the last 15 minutes. */
  orders15m: number;
  /** ordersPerMin / capacityPerMin; 0 when capacity is unknown. */
  utilization: number;
  /** This group's part of all orders over the last minute, 0..1. */
  share: number;
  /**
   * Shops over capacity now as the workers count them (issue 15); absent when no frame counts
   * them per group (older workers, old snapshots): the page then falls back to the shop alerts.
   */
  shopsOver?: ShopsOverCell;
}

export type BreakdownSortKey = Exclude<keyof BreakdownRow, "share" | "shopsOver">;
export type SortDirection = "asc" | "desc";

/**
 * One row per group seen in either the counts or the capacity table, so a chain with shops but
 * no orders yet still shows (at zero), and a chain missing from the reference data shows with
 * capacity 0.
 */
export function buildBreakdown(
  counts: Record<string, WindowCounts>,
  capacity: Record<string, CapacityGroup>,
  over?: { shopsOver: ShopsOverView; dimension: BreakdownDimension },
): BreakdownRow[] {
  const keys = new Set([...Object.keys(counts), ...Object.keys(capacity)]);
  const coverage = over ? shopsOverCoverage(over.shopsOver) : null;
  const overBy = over ? (over.dimension === "chain" ? over.shopsOver.byChain : over.shopsOver.byCity) : {};
  let total = 0;
  for (const c of Object.values(counts)) total += c["1m"];
  const rows: BreakdownRow[] = [];
  for (const key of keys) {
    const c = counts[key];
    const cap = capacity[key];
    const ordersPerMin = c?.["1m"] ?? 0;
    const capacityPerMin = cap?.capacityPerMin ?? 0;
    rows.push({
      key,
      shops: cap?.shops ?? 0,
      capacityPerMin,
      ordersPerMin,
      ordersPerSec: c ? perSecond(c) : 0,
      orders15m: c?.["15m"] ?? 0,
      utilization: utilization(ordersPerMin, capacityPerMin),
      share: total > 0 ? ordersPerMin / total : 0,
      ...(coverage ? { shopsOver: coverage(overBy[key] ?? 0) } : {}),
    });
  }
  return sortBreakdown(rows, "utilization", "desc");
}

/** Sorts a copy by `key`; ties break on the group name so the order is stable between updates. */
export function sortBreakdown(
  rows: readonly BreakdownRow[],
  key: BreakdownSortKey,
  direction: SortDirection,
): BreakdownRow[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const av = a[key];
    const bv = b[key];
    const c =
      typeof av === "string" && typeof bv === "string" ? av.localeCompare(bv) : Number(av) - Number(bv);
    return c !== 0 ? sign * c : a.key.localeCompare(b.key);
  });
}
