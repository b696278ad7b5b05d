/**
 * Shops over capacity per chain or city when the frames do not count them per group (frames of
 * older workers, replays of old snapshots; current workers do: core/frames/shops-over.ts). Then
 * the dashboard counts the shops whose shop alert fires, labelled with their chain and city by
 * the workers' shop rules (core/alerts/conditions.ts). Such a shop has been over capacity for its
 * rule's `for` (2 minutes as shipped), so the per-group counts trail the live total by that much;
 * the Chains and Cities pages say so.
 */
import type { ActiveAlert } from "./alerts";

export interface ShopsAlerting {
  /** Distinct shops alerting per chain or city. */
  byKey: ReadonlyMap<string, number>;
  /** Distinct shops alerting in all. */
  total: number;
  /** The alert list held `cap` alerts or more, so it may have been cut: counts are lower bounds. */
  atLeast: boolean;
}

/**
 * @param alerts the firing alerts (the live alerts room)
 * @param cap how many alerts the room holds at most (the web's poll reads 1,000)
 */
export function shopsAlertingBy(
  alerts: readonly ActiveAlert[],
  dimension: "chain" | "city",
  cap = 1000,
): ShopsAlerting {
  const shops = new Map<string, Set<string>>();
  const all = new Set<string>();
  for (const a of alerts) {
    // Posted (Alertmanager API) alerts may carry any labels; only the workers' shop rules count.
    const shop = a.labels.shop;
    const key = a.labels[dimension];
    if (a.external || shop === undefined || key === undefined) continue;
    let set = shops.get(key);
    if (!set) shops.set(key, (set = new Set()));
    set.add(shop);
    all.add(shop);
  }
  return {
    byKey: new Map([...shops].map(([k, s]) => [k, s.size])),
    total: all.size,
    atLeast: alerts.length >= cap,
  };
}

/**
 * The Chains and Cities pages' footnote: what "Shops over" counts. From the frames (`"frames"`)
 * it is the live count; from the shop alerts (default: frames that do not count per group) it
 * trails the live total, as alerts start after the rule's `for` and end after its `keepFiringFor`.
 */
export function shopsOverNote(dimension: "chain" | "city", from: "frames" | "alerts" = "alerts"): string {
  const each = dimension === "chain" ? "each chain's" : "each city's";
  if (from === "frames")
    return (
      `“Shops over” counts ${each} shops whose orders over the last minute exceed their capacity, ` +
      "as the workers count them every second: the live count, the same as the shops over capacity now."
    );
  return (
    `“Shops over” counts ${each} shops whose shop alert fires: a shop is counted once it has been ` +
    "over capacity for the rule's “for” (2 min as shipped) and until its “keep firing for” has " +
    "passed (1 min), so the column trails the live count of shops over capacity by that much. The live " +
    "count comes from the frames, which here count shops over capacity in total only (older " +
    "workers or an old snapshot)."
  );
}
