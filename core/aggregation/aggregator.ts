/**
 * The streaming aggregation core: turns decoded events into event-time rolling windows, shop
 * and endpoint load, and frames. Pure: no Kafka, no database, time from an injected clock.
 *
 * Event time and lateness (as in Kafka Streams): each partition has a watermark, the largest
 * event time it has seen. An event older than its partition's watermark minus `graceMs`, or in
 * a second already closed, is dropped and counted as late. A second closes once every active
 * partition's watermark minus grace has passed it. A partition that is still behind its log end
 * always holds windows open (so catching up on a backlog drops nothing); one that has caught up
 * and seen nothing for `idleMs` (wall clock) stops holding the others back, and when all are
 * idle everything seen is closed.
 *
 * This file wires the parts: ingest.ts (whether an event counts, and counting it),
 * event-counts.ts (the rings and deltas an event increments), frame-counts.ts (the rings read
 * into a frame's windows and endpoint loads), partition-time.ts (watermarks, restore offsets,
 * the closable horizon); the windows themselves are core/frames/windows.ts.
 */
import type { CapacityTable } from "../capacity/capacity-table";
import { createShopLoad, type OverCapacity, type ShopLoadEntry } from "../capacity/shop-load";
import type { Frame, SecondPoint } from "../frames/frame";
import { longestWindowSeconds, ringFitError, ringSlots } from "../frames/windows";
import type { Aggregator } from "./aggregator-api";
import { createDedup } from "./dedup";
import { createDeltaBook } from "./deltas";
import { createEventCounts } from "./event-counts";
import { endpointLoads, frameCounts, secondPoint, shopLoadOf, watchedShopLoads } from "./frame-counts";
import { createIngest, type StreamPosition } from "./ingest";
import { closableHorizon, createPartitionBook, forgetOffsets, restoreOffset } from "./partition-time";
import { type CounterName, zeroCounters } from "./series";
import { defaultStreamTimeRule, type StreamTimeRule } from "./stream-time-guard";

export type { Aggregator, IngestResult, PartitionInfo } from "./aggregator-api";

export interface AggregatorOptions {
  source: string;
  capacity: CapacityTable;
  clock?: () => number;
  /** Lateness allowed behind a partition's watermark (default 5 s). */
  graceMs?: number;
  /** A partition with no event for this long (wall clock) no longer holds windows open (default 5 s). */
  idleMs?: number;
  /** How long (event time) duplicate ids are remembered (default 5 min). */
  dedupHorizonMs?: number;
  /** Ids a dedup generation holds before it rotates (default 2^22; see core/aggregation/dedup). */
  dedupMaxIds?: number;
  /** When an event is too far ahead of its stream to count (see stream-time-guard.ts). */
  streamTime?: Partial<StreamTimeRule>;
  /** The wall clock the stream-time rule compares with (default Date.now; `clock` may be fake). */
  wallClock?: () => number;
  /** Shops in `topShops` (default 50). */
  topK?: number;
  /** Distinct error classes and endpoints tracked before folding into "(other)" (defaults 64, 128). */
  maxErrorClasses?: number;
  maxEndpoints?: number;
}

/** A frame's shops over capacity: in all, and per chain and city (one pass over the active shops). */
const overFields = ({ total, byChain, byCity }: OverCapacity) => ({
  shopsOverCapacity: total,
  shopsOverByChain: byChain,
  shopsOverByCity: byCity,
});

/**
 * @throws RangeError when `graceMs` would push a window out of its ring (core/frames/windows
 *   `ringFitError`; the worker refuses the setting at start, naming it)
 */
export function createAggregator({
  source,
  capacity,
  clock = Date.now,
  graceMs = 5000,
  idleMs = 5000,
  dedupHorizonMs = 300_000,
  dedupMaxIds,
  streamTime,
  wallClock = Date.now,
  topK = 50,
  maxErrorClasses = 64,
  maxEndpoints = 128,
}: AggregatorOptions): Aggregator {
  const unfit = ringFitError({ graceMs });
  if (unfit) throw new RangeError(`graceMs ${graceMs}: ${unfit}`);
  let table = capacity;
  const shops = createShopLoad({ capacity: table });
  const dedup = createDedup({ horizonMs: dedupHorizonMs, maxIds: dedupMaxIds });
  const timeRule: StreamTimeRule = { ...defaultStreamTimeRule, ...streamTime };
  const clockLimitNow = () =>
    timeRule.maxAheadOfClockMs > 0 ? wallClock() + timeRule.maxAheadOfClockMs : Number.POSITIVE_INFINITY;
  const position: StreamPosition = {
    closedEnd: null,
    firstSecond: null,
    newestWatermark: null,
    clockLimit: clockLimitNow(),
  };
  const deltas = createDeltaBook();
  const counts = createEventCounts({ table, shops, deltas, maxEndpoints, maxErrorClasses });
  const book = createPartitionBook(clock);
  const partitions = book.all;
  const intake = createIngest({ book, position, table, counts, deltas, dedup, graceMs, timeRule, clock });
  let seq = 0;
  let watched: number[] = [];

  const horizon = () => closableHorizon(partitions.values(), { now: clock(), idleMs, graceMs });

  const shopLoad = (e: ShopLoadEntry) => shopLoadOf(table, e);

  /** Closes the seconds before `end`; returns the chart points closed since `prevEnd`. */
  const close = (end: number, prevEnd: number | null): SecondPoint[] => {
    const seconds: SecondPoint[] = [];
    shops.closeUntil(end);
    for (let t = Math.max(prevEnd ?? end, end - longestWindowSeconds); t < end; t++)
      seconds.push(secondPoint(counts, t));
    dedup.expire(end * 1000);
    for (const s of partitions.values()) forgetOffsets(s, ringSlots);
    return seconds;
  };

  const frame = (limitEnd?: number): Frame => {
    position.clockLimit = clockLimitNow();
    const allowed = horizon();
    const h = allowed === null || limitEnd === undefined ? allowed : Math.min(allowed, limitEnd);
    const prevEnd = position.closedEnd ?? position.firstSecond;
    if (h !== null && (position.closedEnd === null || h > position.closedEnd)) position.closedEnd = h;
    const end = position.closedEnd;
    const seconds = end === null ? [] : close(end, prevEnd);
    const at = end ?? 0;
    const totals = zeroCounters();
    for (const s of partitions.values())
      for (const k of Object.keys(totals) as CounterName[]) totals[k] += s.counters[k];
    return {
      v: 1,
      source,
      seq: seq++,
      emittedAt: clock(),
      watermark: end === null ? null : end * 1000,
      partitions: [...partitions.keys()].sort((a, b) => a - b),
      seconds,
      totals,
      ...frameCounts(counts, table, at),
      topShops: shops.top(topK).map(shopLoad),
      ...overFields(shops.overCapacityBy()),
      watchedShops: watchedShopLoads(shops, table, watched),
      endpoints: endpointLoads(counts, table, at),
    };
  };

  return {
    addPartition(p, counters, caughtUp = true) {
      const s = book.state(p);
      if (counters) s.counters = { ...counters };
      s.caughtUp = caughtUp;
    },
    setCaughtUp(p, caughtUp) {
      book.state(p).caughtUp = caughtUp;
    },
    ingest: intake.ingest,
    invalid: intake.invalid,
    unreadable: intake.unreadable,
    openFrom: () => position.closedEnd ?? position.firstSecond,
    closableEnd: () => {
      const h = horizon();
      return h === null ? position.closedEnd : Math.max(h, position.closedEnd ?? h);
    },
    frame,
    takeDeltas: (ps) => deltas.take(ps),
    partitionInfo(p) {
      const s = book.state(p);
      return {
        watermark: s.watermark,
        restoreOffset: restoreOffset(s, graceMs, longestWindowSeconds),
        counters: { ...s.counters },
      };
    },
    shopsOver: (factor) => shops.over(factor).map(shopLoad),
    watch(ids) {
      watched = [...ids];
    },
    setCapacity(next) {
      shops.setCapacity(next);
      counts.setTable(next);
      intake.setTable(next);
      table = next;
    },
  };
}
