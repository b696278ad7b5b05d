/**
 * A frame: what one aggregation worker publishes every second (topic `frames`). Counts are
 * additive across workers (partitions are disjoint); shop and endpoint entries belong to one
 * worker because orders are keyed by shop and API events by endpoint. See combine.ts.
 */
import { z } from "zod";
import { PipelineHealthSchema } from "../pipeline/health";
import { type WindowName, windowNames } from "./windows";

export type { WindowCounts, WindowName } from "./windows";
export { windowNames, windowSeconds } from "./windows";

const count = z.number().int().nonnegative();
const rate = z.number().nonnegative();

/** Event counts per rolling window (core/frames/windows.ts); divide by the window length for a rate. */
export const WindowCountsSchema = z.strictObject(
  Object.fromEntries(windowNames.map((name) => [name, count])) as Record<WindowName, typeof count>,
);

/** One closed event-time second: the points live charts append. */
export const SecondPointSchema = z.strictObject({
  /** Epoch seconds (event time) at the start of the bucket. */
  t: z.number().int(),
  orders: z.strictObject({ created: count, accepted: count, made: count, failed: count }),
  downloads: z.strictObject({ install: count, update: count, invite: count }),
  api: z.record(z.string(), z.strictObject({ requests: count, errors: count, retries: count })),
});
export type SecondPoint = z.infer<typeof SecondPointSchema>;

export const ShopLoadSchema = z.strictObject({
  shopId: z.number().int().nonnegative(),
  chain: z.string(),
  city: z.string(),
  /** Orders created per minute over the last minute. */
  ratePerMin: rate,
  capacityPerMin: rate,
  /** ratePerMin / capacityPerMin. */
  utilization: rate,
  /** Orders waiting at the counter: arrivals beyond capacity not yet made. */
  backlog: rate,
  /** Minutes a new order waits at the current backlog and capacity. */
  waitMin: rate,
});
export type ShopLoad = z.infer<typeof ShopLoadSchema>;

export const EndpointLoadSchema = z.strictObject({
  endpoint: z.string(),
  requests: WindowCountsSchema,
  errors: WindowCountsSchema,
  retries: WindowCountsSchema,
  capacityPerSec: rate,
  /** Requests per second over the last 10 s divided by capacity. */
  utilization: rate,
  /**
   * Latency percentiles over the last minute of every request, failed ones too, ms; null when
   * the minute holds no request (unknown, never 0).
   */
  p50: rate.nullable(),
  p95: rate.nullable(),
  p99: rate.nullable(),
  /** Errors by class over the last minute. */
  errorClasses: z.record(z.string(), count),
  /** Seconds until the request rate reaches capacity at the current trend; null if not climbing. */
  saturationInSec: z.number().nonnegative().nullable(),
});
export type EndpointLoad = z.infer<typeof EndpointLoadSchema>;

export const FrameSchema = z.strictObject({
  v: z.literal(1),
  /** Worker instance id. */
  source: z.string(),
  seq: z.number().int().nonnegative(),
  /** Wall-clock ms when published. */
  emittedAt: z.number().int(),
  /** Event-time ms up to which this worker's windows are closed; null before any event. */
  watermark: z.number().int().nullable(),
  partitions: z.array(z.number().int()),
  /** Seconds closed since the previous frame of this source, oldest first. */
  seconds: z.array(SecondPointSchema),
  totals: z.strictObject({
    /** Orders created since the start of the data (all time). */
    ordersCreated: count,
    downloads: count,
    apiRequests: count,
    invalid: count,
    duplicates: count,
    lateDropped: count,
    /** Quarantined as too far ahead of the stream's event time (dead-lettered). */
    ahead: count.default(0),
    /** Records in batches the consumer could not read (dead-lettered as markers). */
    unreadable: count.default(0),
  }),
  orders: WindowCountsSchema,
  downloads: WindowCountsSchema,
  invites: WindowCountsSchema,
  byChain: z.record(z.string(), WindowCountsSchema),
  /** Orders made and failed per chain (absent in frames of older workers). */
  byChainMade: z.record(z.string(), WindowCountsSchema).optional(),
  byChainFailed: z.record(z.string(), WindowCountsSchema).optional(),
  byCity: z.record(z.string(), WindowCountsSchema),
  /** Orders made and failed per city (absent in frames of older workers). */
  byCityMade: z.record(z.string(), WindowCountsSchema).optional(),
  byCityFailed: z.record(z.string(), WindowCountsSchema).optional(),
  byStatus: z.record(z.string(), WindowCountsSchema),
  errorClasses: z.record(z.string(), WindowCountsSchema),
  /** Top shops by utilization (most overloaded first), bounded length. */
  topShops: z.array(ShopLoadSchema),
  /** Shops currently over capacity (utilization > 1), all of them, by count only. */
  shopsOverCapacity: count,
  /**
   * The same shops per chain and per city, groups with none left out (issue 15). Absent in
   * frames of older workers and in stored snapshots from before: then no group count is known.
   */
  shopsOverByChain: z.record(z.string(), count).optional(),
  shopsOverByCity: z.record(z.string(), count).optional(),
  /** Shops someone is looking at (see the `watch` topic), whatever their load. */
  watchedShops: z.array(ShopLoadSchema),
  endpoints: z.array(EndpointLoadSchema),
  /** How far behind its producers the worker is (absent in replays and older frames). */
  pipeline: PipelineHealthSchema.optional(),
});
export type Frame = z.infer<typeof FrameSchema>;
