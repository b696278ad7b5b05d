/**
 * The empty frame and the zero totals: a worker's frame before it has counted anything (every
 * window at zero, no keys, no shops, no endpoints). The one builder tests, benches and fakes start
 * from instead of spelling the fields out.
 */
import { zeroCounters } from "../aggregation/series";
import type { Frame } from "./frame";
import { zeroWindowCounts } from "./windows";

/** All-time totals at zero (`Frame["totals"]`). */
export const zeroTotals = (): Frame["totals"] => zeroCounters();

/** A frame with nothing counted; `over` sets any field (source, seq, watermark, endpoints...). */
export function emptyFrame(over: Partial<Frame> = {}): Frame {
  return {
    v: 1,
    source: "",
    seq: 0,
    emittedAt: 0,
    watermark: null,
    partitions: [],
    seconds: [],
    totals: zeroTotals(),
    orders: zeroWindowCounts(),
    downloads: zeroWindowCounts(),
    invites: zeroWindowCounts(),
    byChain: {},
    byCity: {},
    byStatus: {},
    errorClasses: {},
    topShops: [],
    shopsOverCapacity: 0,
    watchedShops: [],
    endpoints: [],
    ...over,
  };
}
