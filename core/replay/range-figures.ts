/**
 * The report's figures over one event-time range, exact in event time: created orders and the
 * seconds each endpoint was over capacity come from the stored aggregates (per-minute orders,
 * per-second requests), not from frames sampled once a minute. Used for a replay's own report
 * and for its baseline restricted to the same range, so a what-if is compared like for like.
 *
 * "Minutes over capacity" of an endpoint = the seconds of the range in which it received more
 * requests than its capacity per second, ÷ 60 (the simulator's `overloadedSeconds` measure).
 */
import type { CapacityTable } from "../capacity/capacity-table";
import { cumulativeOrders } from "./cumulative";
import type { BaselineFigures, LaunchSummary } from "./summary";

/** What the figures are read from (adapters/db/replay-store.ts). */
export interface RangeFiguresData {
  createdPerMinute(
    stream: string,
    fromSec: number,
    toSec: number,
  ): Promise<{ before: number; minutes: Array<{ t: number; created: number }> }>;
  endpointSecondsOver(
    stream: string,
    fromSec: number,
    toSec: number,
    capacityPerSec: Readonly<Record<string, number>>,
  ): Promise<Record<string, number> | null>;
}

export type { BaselineFigures };

const capacities = (table: CapacityTable) => Object.fromEntries(table.endpointCapacity);

/** The range's created orders per minute and its endpoint seconds over capacity (both reads at once). */
async function readRange(
  data: RangeFiguresData,
  { stream, fromMs, toMs, table }: { stream: string; fromMs: number; toMs: number; table: CapacityTable },
) {
  const fromSec = Math.floor(fromMs / 1000);
  const toSec = Math.ceil(toMs / 1000);
  const [created, over] = await Promise.all([
    data.createdPerMinute(stream, fromSec, toSec - 1),
    data.endpointSecondsOver(stream, fromSec, toSec, capacities(table)),
  ]);
  return { created, over };
}

/**
 * Sets the summary's range to [fromMs, toMs), its created orders, milestones and endpoint
 * seconds over capacity from `stream`'s aggregates over that range. What the aggregates do not
 * hold (a snapshot replay of frames whose aggregates were not kept) keeps the frames' figures:
 * an absent aggregate is not a zero.
 */
export async function applyRangeFigures(
  summary: LaunchSummary,
  data: RangeFiguresData,
  { stream, fromMs, toMs, table }: { stream: string; fromMs: number; toMs: number; table: CapacityTable },
): Promise<void> {
  const { created, over } = await readRange(data, { stream, fromMs, toMs, table });
  summary.from = fromMs;
  summary.to = toMs;
  if (over) summary.endpointSecondsOverCapacity = over;
  if (created.minutes.length === 0) return;
  summary.totals.ordersCreated = created.minutes.reduce((n, m) => n + m.created, 0);
  summary.perMinute = created.minutes.map((m) => ({ t: m.t * 1000, created: m.created }));
  summary.milestones = cumulativeOrders(0, created.minutes).milestones();
}

/** The baseline's figures over [fromMs, toMs) (shop figures from its summary over that range). */
export async function baselineFigures(
  data: RangeFiguresData,
  {
    id,
    stream,
    fromMs,
    toMs,
    table,
    shops,
    alerts,
  }: {
    id: string;
    stream: string;
    fromMs: number;
    toMs: number;
    /** The baseline's capacities (its own what-if overrides applied). */
    table: CapacityTable;
    /**
     * The baseline's frame figures over the range (summarize over its frames in the range): its
     * shop figures, and its endpoint seconds where no per-second aggregates were kept.
     */
    shops: Pick<LaunchSummary, "shopSecondsOverCapacity" | "peaks" | "endpointSecondsOverCapacity">;
    alerts: LaunchSummary["alerts"]["timeline"];
  },
): Promise<BaselineFigures> {
  const { created, over } = await readRange(data, { stream, fromMs, toMs, table });
  return {
    id,
    from: fromMs,
    to: toMs,
    ordersCreated: created.minutes.reduce((n, m) => n + m.created, 0),
    alertsFired: alerts.filter((a) => a.state === "firing" && a.at >= fromMs && a.at < toMs).length,
    shopSecondsOverCapacity: shops.shopSecondsOverCapacity,
    peakShopsOverCapacity: shops.peaks.shopsOverCapacity,
    endpointSecondsOverCapacity: over ?? shops.endpointSecondsOverCapacity,
  };
}
