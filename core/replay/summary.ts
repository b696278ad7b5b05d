/**
 * The launch report of a replay, computed from its combined views in event-time order: peaks,
 * time over capacity per chain and endpoint, worst shops, order milestones and the alert
 * timeline. Pure, so the same numbers come out for the live history and for a what-if.
 */
import { zeroCounters } from "../aggregation/series";
import type { Alert } from "../alerts/alert";
import type { CombinedView } from "../frames/combine";

export interface LaunchSummary {
  from: number | null;
  to: number | null;
  totals: CombinedView["totals"];
  peaks: {
    ordersPerSec: number;
    downloadsPerSec: number;
    apiRequestsPerSec: number;
    shopsOverCapacity: number;
  };
  /** Seconds each chain's orders/min exceeded its total capacity. */
  chainSecondsOverCapacity: Record<string, number>;
  /**
   * Seconds each endpoint received more requests than its capacity per second (from the
   * per-second aggregates: core/replay/range-figures.ts; without them, minutes whose 10-s rate
   * at the minute's end was over capacity, counted 60 s each).
   */
  endpointSecondsOverCapacity: Record<string, number>;
  /** Shop-seconds over capacity, all shops together. */
  shopSecondsOverCapacity: number;
  worstShops: Array<{
    shopId: number;
    chain: string;
    city: string;
    peakUtilization: number;
    peakWaitMin: number;
  }>;
  /** Event time (ms) when cumulative created orders first reached each milestone. */
  milestones: Array<{ orders: number; at: number }>;
  alerts: {
    fired: number;
    byRule: Record<string, number>;
    timeline: Array<{ at: number; rule: string; state: string; labels: Record<string, string> }>;
  };
  /** A what-if's baseline over this replay's range (like for like); absent without a baseline. */
  baseline?: BaselineFigures;
  /** Created orders per event-time minute of the range (`t`: the minute's start, ms). */
  perMinute?: Array<{ t: number; created: number }>;
}

/** A baseline's figures over the range of the replay compared with it. */
export interface BaselineFigures {
  id: string;
  /** Event-time ms, [from, to). */
  from: number;
  to: number;
  ordersCreated: number;
  alertsFired: number;
  shopSecondsOverCapacity: number;
  peakShopsOverCapacity: number;
  endpointSecondsOverCapacity: Record<string, number>;
}

/** Cumulative created orders the report and the replay timeline mark. */
export const orderMilestones = [100_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000];

/**
 * @param views combined views with their event time `t` (seconds), ascending
 * @param chainCapacityPerMin capacity per chain (what-if overrides applied)
 */
export function summarize(
  views: ReadonlyArray<{ t: number; view: CombinedView }>,
  chainCapacityPerMin: ReadonlyMap<string, number>,
  alerts: readonly Alert[],
  { worstShops = 20 }: { worstShops?: number } = {},
): LaunchSummary {
  const s: LaunchSummary = {
    from: views[0] ? views[0].t * 1000 : null,
    to: views.at(-1) ? views.at(-1)!.t * 1000 : null,
    totals: zeroCounters(),
    peaks: { ordersPerSec: 0, downloadsPerSec: 0, apiRequestsPerSec: 0, shopsOverCapacity: 0 },
    chainSecondsOverCapacity: {},
    endpointSecondsOverCapacity: {},
    shopSecondsOverCapacity: 0,
    worstShops: [],
    milestones: [],
    alerts: { fired: 0, byRule: {}, timeline: [] },
  };
  const shops = new Map<number, LaunchSummary["worstShops"][number]>();
  let prevT: number | null = null;
  let nextMilestone = 0;
  for (const { t, view } of views) {
    const step = prevT === null ? 1 : Math.max(1, t - prevT);
    prevT = t;
    s.totals = { ...view.totals };
    s.peaks.ordersPerSec = Math.max(s.peaks.ordersPerSec, view.orders["10s"] / 10);
    s.peaks.downloadsPerSec = Math.max(s.peaks.downloadsPerSec, view.downloads["10s"] / 10);
    const api = view.endpoints.reduce((n, e) => n + e.requests["10s"], 0) / 10;
    s.peaks.apiRequestsPerSec = Math.max(s.peaks.apiRequestsPerSec, api);
    s.peaks.shopsOverCapacity = Math.max(s.peaks.shopsOverCapacity, view.shopsOverCapacity);
    s.shopSecondsOverCapacity += view.shopsOverCapacity * step;
    for (const [chain, w] of Object.entries(view.byChain)) {
      const cap = chainCapacityPerMin.get(chain) ?? 0;
      if (cap > 0 && w["1m"] > cap)
        s.chainSecondsOverCapacity[chain] = (s.chainSecondsOverCapacity[chain] ?? 0) + step;
    }
    for (const e of view.endpoints) {
      if (e.utilization > 1)
        s.endpointSecondsOverCapacity[e.endpoint] = (s.endpointSecondsOverCapacity[e.endpoint] ?? 0) + step;
    }
    for (const sh of view.topShops) {
      const cur = shops.get(sh.shopId);
      if (!cur) {
        shops.set(sh.shopId, {
          shopId: sh.shopId,
          chain: sh.chain,
          city: sh.city,
          peakUtilization: sh.utilization,
          peakWaitMin: sh.waitMin,
        });
      } else {
        cur.peakUtilization = Math.max(cur.peakUtilization, sh.utilization);
        cur.peakWaitMin = Math.max(cur.peakWaitMin, sh.waitMin);
      }
    }
    while (
      nextMilestone < orderMilestones.length &&
      view.totals.ordersCreated >= orderMilestones[nextMilestone]!
    ) {
      s.milestones.push({ orders: orderMilestones[nextMilestone]!, at: t * 1000 });
      nextMilestone++;
    }
  }
  s.worstShops = [...shops.values()]
    .sort((a, b) => b.peakUtilization - a.peakUtilization || a.shopId - b.shopId)
    .slice(0, worstShops);
  for (const a of alerts) {
    s.alerts.timeline.push({
      at: a.state === "resolved" ? (a.endsAt ?? a.startsAt) : a.startsAt,
      rule: a.rule,
      state: a.state,
      labels: a.labels,
    });
    if (a.state === "firing") {
      s.alerts.fired++;
      s.alerts.byRule[a.rule] = (s.alerts.byRule[a.rule] ?? 0) + 1;
    }
  }
  s.alerts.timeline.sort((a, b) => a.at - b.at);
  return s;
}

/**
 * The report's tables as CSV sections (RFC 4180 quoting). Text cells that a spreadsheet would
 * run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return: chain, city and
 * rule names come from events) are prefixed with `'`, as OWASP advises against CSV injection.
 */
export function summaryToCsv(s: LaunchSummary): string {
  const q = (v: unknown) => {
    const raw = String(v);
    const text = typeof v === "string" && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const rows: unknown[][] = [["section", "key", "value"]];
  for (const [k, v] of Object.entries(s.totals)) rows.push(["totals", k, v]);
  for (const [k, v] of Object.entries(s.peaks)) rows.push(["peaks", k, v]);
  for (const [k, v] of Object.entries(s.chainSecondsOverCapacity))
    rows.push(["minutes_over_capacity_chain", k, (v / 60).toFixed(1)]);
  for (const [k, v] of Object.entries(s.endpointSecondsOverCapacity))
    rows.push(["minutes_over_capacity_endpoint", k, (v / 60).toFixed(1)]);
  for (const w of s.worstShops)
    rows.push(["worst_shop", `${w.shopId} ${w.chain} ${w.city}`, w.peakUtilization.toFixed(2)]);
  for (const m of s.milestones) rows.push(["milestone", m.orders, new Date(m.at).toISOString()]);
  // The subject of each alert (shop, chain, city, endpoint...): its labels but the rule's name and severity.
  const subject = (labels: Record<string, string>) =>
    Object.entries(labels)
      .filter(([k]) => k !== "alertname" && k !== "severity")
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
  for (const a of s.alerts.timeline)
    rows.push(["alert", `${new Date(a.at).toISOString()} ${a.rule} ${subject(a.labels)}`.trimEnd(), a.state]);
  for (const m of s.perMinute ?? [])
    rows.push(["orders_created_per_minute", new Date(m.t).toISOString(), m.created]);
  if (s.baseline) {
    const b = s.baseline;
    rows.push(["baseline_same_range", "id", b.id]);
    rows.push(["baseline_same_range", "ordersCreated", b.ordersCreated]);
    rows.push(["baseline_same_range", "alertsFired", b.alertsFired]);
    rows.push([
      "baseline_same_range",
      "shopMinutesOverCapacity",
      (b.shopSecondsOverCapacity / 60).toFixed(1),
    ]);
    for (const [k, v] of Object.entries(b.endpointSecondsOverCapacity))
      rows.push(["baseline_same_range_minutes_over_capacity_endpoint", k, (v / 60).toFixed(1)]);
  }
  return `${rows.map((r) => r.map(q).join(",")).join("\n")}\n`;
}
