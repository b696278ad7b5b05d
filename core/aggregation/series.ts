/**
 * The additive series the workers persist (MetricBucket rows) and their bucket widths. Keys
 * come from bounded sets (statuses, kinds, reference chains/cities/endpoints, capped error
 * classes), so row counts stay bounded per bucket.
 */
export const seriesDefs = {
  ordersStatus: { name: "orders.status", resolution: 1 },
  ordersChain: { name: "orders.chain", resolution: 1 },
  ordersCity: { name: "orders.city", resolution: 60 },
  downloads: { name: "downloads.kind", resolution: 1 },
  apiRequests: { name: "api.requests", resolution: 1 },
  apiErrors: { name: "api.errors", resolution: 1 },
  apiRetries: { name: "api.retries", resolution: 1 },
  apiErrorClass: { name: "api.error_class", resolution: 1 },
  /** Events not counted: key `late`, `duplicate`, `invalid`, `rejected`, `ahead`, `unreadable`. Resolution 0 = all time, bucket 0. */
  dropped: { name: "dropped", resolution: 0 },
} as const;

export type SeriesId = keyof typeof seriesDefs;

/** Bucket start (epoch seconds) of `second` for a series of the given resolution. */
export function bucketOf(resolution: number, second: number): number {
  if (resolution === 0) return 0;
  return second - (((second % resolution) + resolution) % resolution);
}

/** Per-partition all-time counters, persisted with the partition's offset. */
export const counterNames = [
  "ordersCreated",
  "downloads",
  "apiRequests",
  "invalid",
  "duplicates",
  "lateDropped",
  /** Quarantined: too far ahead of the stream's event time (dead-lettered). */
  "ahead",
  /** Records in batches the consumer could not read (dead-lettered as one marker per batch). */
  "unreadable",
] as const;
export type CounterName = (typeof counterNames)[number];
export type Counters = Record<CounterName, number>;

export const zeroCounters = (): Counters => ({
  ordersCreated: 0,
  downloads: 0,
  apiRequests: 0,
  invalid: 0,
  duplicates: 0,
  lateDropped: 0,
  ahead: 0,
  unreadable: 0,
});
