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
 */
import type { CapacityTable } from "../capacity/capacity-table";
import { secondsToSaturation } from "../capacity/saturation";
import { createShopLoad, type ShopLoadEntry } from "../capacity/shop-load";
import type { LaunchEvent } from "../events/decode";
import { downloadKinds } from "../events/download";
import { orderStatuses } from "../events/order";
import type { EndpointLoad, Frame, SecondPoint, ShopLoad, WindowCounts } from "../frames/frame";
import { windowNames, windowSeconds } from "../frames/frame";
import { createLatencyRing } from "../sketches/latency-ring";
import { createDictionary } from "../windows/dictionary";
import { createSecondRing, type SecondRing } from "../windows/second-ring";
import { createDedup } from "./dedup";
import { createDeltaBook, type PartitionDelta } from "./deltas";
import { type CounterName, type Counters, zeroCounters } from "./series";
import {
  breaksRow,
  defaultStreamTimeRule,
  type JumpWatch,
  judgeAhead,
  newJumpWatch,
  type StreamTimeRule,
} from "./stream-time-guard";

export type IngestResult = "counted" | "duplicate" | "late" | { rejected: string };

export interface PartitionInfo {
  watermark: number | null;
  /** Smallest offset whose event is still inside the longest window (null: none seen). */
  restoreOffset: number | null;
  counters: Counters;
}

export interface Aggregator {
  /** Registers a partition with the counters persisted for it so far. */
  addPartition(partition: number, counters?: Counters, caughtUp?: boolean): void;
  /** Whether the partition has been read up to its log end. */
  setCaughtUp(partition: number, caughtUp: boolean): void;
  /**
   * Counts one decoded event. `persist` is false while restoring windows from events whose
   * aggregates are already stored: windows change, deltas and counters do not.
   */
  ingest(partition: number, offset: number, event: LaunchEvent, persist: boolean): IngestResult;
  /** Counts a message that could not be decoded. */
  invalid(partition: number, persist: boolean): void;
  /** Counts the records of a batch the consumer could not read (dead-lettered as a marker). */
  unreadable(partition: number, records: number, persist: boolean): void;
  /**
   * Closes what the watermarks allow (but no second at or after `limitEnd`, epoch seconds, when
   * given) and returns this worker's frame.
   */
  frame(limitEnd?: number): Frame;
  /** The first second the watermarks allow to close now (null before any event). */
  closableEnd(): number | null;
  /** The first second not closed yet (null before any event). */
  openFrom(): number | null;
  takeDeltas(partitions?: Iterable<number>): Map<number, PartitionDelta>;
  partitionInfo(partition: number): PartitionInfo;
  /** Every shop over capacity x `factor` as of the last frame (for alert rules). */
  shopsOver(factor: number): ShopLoad[];
  /** Shops some viewer is looking at; they are added to frames whatever their load. */
  watch(shopIds: Iterable<number>): void;
  setCapacity(table: CapacityTable): void;
}

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

const LONGEST = windowSeconds[windowSeconds.length - 1]!;
const RING_SLOTS = 1024;
const API_FIELDS = 3; // requests, errors, retries

interface PartitionState {
  watermark: number | null;
  lastSeen: number;
  caughtUp: boolean;
  counters: Counters;
  /** event second -> smallest offset seen for it (for the restore position) */
  offsetAtSecond: Map<number, number>;
  /** The last second written to `offsetAtSecond` and its offset there (NaN: none). */
  lastSecond: number;
  lastSecondOffset: number;
  jump: JumpWatch;
}

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
  let table = capacity;
  const shops = createShopLoad({ capacity: table });
  const dedup = createDedup({ horizonMs: dedupHorizonMs, maxIds: dedupMaxIds });
  const timeRule: StreamTimeRule = { ...defaultStreamTimeRule, ...streamTime };
  /** Largest watermark of any partition: the reference of a partition that has none yet. */
  let newestWatermark: number | null = null;
  /** Wall clock plus the rule's allowance, refreshed every frame (no clock read per event). */
  const clockLimitNow = () =>
    timeRule.maxAheadOfClockMs > 0 ? wallClock() + timeRule.maxAheadOfClockMs : Number.POSITIVE_INFINITY;
  let clockLimit = clockLimitNow();
  const deltas = createDeltaBook();
  const partitions = new Map<number, PartitionState>();

  const status = createSecondRing({ keys: orderStatuses.length, slots: RING_SLOTS });
  const chains = createSecondRing({ keys: Math.max(1, table.chains.length), slots: RING_SLOTS });
  // Made and failed per chain and per city: key 2 × chain (or city), +1 for failed. Frames carry
  // only the keys with orders in the longest window, so a quiet city costs nothing.
  const chainOutcomes = createSecondRing({ keys: Math.max(2, 2 * table.chains.length), slots: RING_SLOTS });
  const cityOutcomes = createSecondRing({ keys: Math.max(2, 2 * table.cities.length), slots: RING_SLOTS });
  const cities = createSecondRing({ keys: Math.max(1, table.cities.length), slots: RING_SLOTS });
  const downloads = createSecondRing({ keys: downloadKinds.length, slots: RING_SLOTS });
  const endpoints = createDictionary({ capacity: maxEndpoints, initial: [...table.endpointCapacity.keys()] });
  const api = createSecondRing({ keys: endpoints.size * API_FIELDS + API_FIELDS, slots: RING_SLOTS });
  const errorClasses = createDictionary({ capacity: maxErrorClasses });
  const errors = createSecondRing({ keys: 8, slots: RING_SLOTS });
  const endpointErrors = createSecondRing({ keys: 16, slots: 64 });
  const latency = createLatencyRing({ keys: Math.max(1, endpoints.size) });
  const statusIdx = new Map(orderStatuses.map((s, i) => [s, i]));
  // Delta key ids cached by dense index, so the hot path does no string work.
  const statusKey = orderStatuses.map((s) => deltas.keyId("ordersStatus", s));
  const kindKey = downloadKinds.map((k) => deltas.keyId("downloads", k));
  const chainKey: number[] = [];
  const cityKey: number[] = [];
  const endpointKeys: Array<[number, number, number]> = [];
  const errorClassKey: number[] = [];
  const kindIdx = new Map(downloadKinds.map((k, i) => [k, i]));
  const seenEndpoints = new Set<number>();

  let closedEnd: number | null = null; // seconds < closedEnd are closed
  let firstSecond: number | null = null;
  let seq = 0;
  let watched: number[] = [];

  // Partition states by number as well, for the per-event lookup (partitions are small integers).
  const byNumber: Array<PartitionState | undefined> = [];
  const state = (p: number): PartitionState => {
    const dense = p >>> 0 === p && p < 4096;
    let s = dense ? byNumber[p] : partitions.get(p);
    if (!s) {
      s = {
        watermark: null,
        lastSeen: clock(),
        caughtUp: true,
        counters: zeroCounters(),
        offsetAtSecond: new Map(),
        lastSecond: Number.NaN,
        lastSecondOffset: 0,
        jump: newJumpWatch(),
      };
      partitions.set(p, s);
      if (dense) byNumber[p] = s;
    }
    return s;
  };

  const count = (p: number, s: PartitionState, name: CounterName, persist: boolean) => {
    if (!persist) return;
    s.counters[name] += 1;
    deltas.counter(p, name);
  };

  const countOrder = (
    p: number,
    e: Extract<LaunchEvent, { type: "order" }>,
    sec: number,
    persist: boolean,
  ) => {
    const st = statusIdx.get(e.status)!;
    status.add(st, sec);
    if (persist) deltas.metricById(p, statusKey[st]!, sec);
    if (e.status === "made" || e.status === "failed") {
      const failed = e.status === "failed" ? 1 : 0;
      chainOutcomes.add(2 * table.chainOf[e.shopId]! + failed, sec);
      cityOutcomes.add(2 * table.cityOf[e.shopId]! + failed, sec);
      return;
    }
    if (e.status !== "created") return;
    const chain = table.chainOf[e.shopId]!;
    const city = table.cityOf[e.shopId]!;
    chains.add(chain, sec);
    cities.add(city, sec);
    shops.arrive(e.shopId, sec);
    if (persist) {
      // No closure per event: the key ids are looked up inline and made on first use.
      let chainId = chainKey[chain];
      if (chainId === undefined) chainId = chainKey[chain] = deltas.keyId("ordersChain", e.chain);
      deltas.metricById(p, chainId, sec);
      let cityId = cityKey[city];
      if (cityId === undefined) cityId = cityKey[city] = deltas.keyId("ordersCity", e.city);
      deltas.metricById(p, cityId, sec);
    }
  };

  const countApi = (p: number, e: Extract<LaunchEvent, { type: "api" }>, sec: number, persist: boolean) => {
    const ep = endpoints.index(e.endpoint);
    seenEndpoints.add(ep);
    let keys = endpointKeys[ep];
    if (!keys) {
      const name = endpoints.name(ep);
      keys = endpointKeys[ep] = [
        deltas.keyId("apiRequests", name),
        deltas.keyId("apiErrors", name),
        deltas.keyId("apiRetries", name),
      ];
    }
    api.add(ep * API_FIELDS, sec);
    latency.add(ep, sec, e.latencyMs);
    if (persist) deltas.metricById(p, keys[0], sec);
    if (e.retry) {
      api.add(ep * API_FIELDS + 2, sec);
      if (persist) deltas.metricById(p, keys[2], sec);
    }
    if (e.errorClass !== null) {
      const cls = errorClasses.index(e.errorClass);
      api.add(ep * API_FIELDS + 1, sec);
      errors.add(cls, sec);
      endpointErrors.add(ep * maxErrorClasses + cls, sec);
      if (persist) {
        deltas.metricById(p, keys[1], sec);
        let clsId = errorClassKey[cls];
        if (clsId === undefined) {
          clsId = errorClassKey[cls] = deltas.keyId("apiErrorClass", errorClasses.name(cls));
        }
        deltas.metricById(p, clsId, sec);
      }
    }
  };

  const validate = (e: LaunchEvent): string | null => {
    if (e.type !== "order") return null;
    if (e.shopId >= table.size || table.known[e.shopId] !== 1) return `unknown shop ${e.shopId}`;
    const chain = table.chains[table.chainOf[e.shopId]!];
    const city = table.cities[table.cityOf[e.shopId]!];
    if (chain !== e.chain || city !== e.city) {
      return `shop ${e.shopId} is ${chain} in ${city}, not ${e.chain} in ${e.city}`;
    }
    return null;
  };

  const horizon = (): number | null => {
    let minActive = Number.POSITIVE_INFINITY;
    let maxAll = Number.NEGATIVE_INFINITY;
    const now = clock();
    let waiting = false;
    for (const s of partitions.values()) {
      if (s.watermark !== null) maxAll = Math.max(maxAll, s.watermark);
      // Caught up and quiet, or caught up with nothing at all (an empty partition holds no
      // older events, and waiting idleMs for it stalled every assignment: Kafka Streams'
      // max.task.idle.ms defaults to 0 too).
      if (s.caughtUp && (s.watermark === null || now - s.lastSeen >= idleMs)) continue;
      if (s.watermark === null) waiting = true;
      else minActive = Math.min(minActive, s.watermark);
    }
    // A partition that has not shown its event time yet may still hold older events.
    if (waiting) return null;
    if (maxAll === Number.NEGATIVE_INFINITY) return null;
    // All idle: the stream has paused, close everything seen.
    if (minActive === Number.POSITIVE_INFINITY) return Math.floor(maxAll / 1000) + 1;
    return Math.floor((minActive - graceMs) / 1000);
  };

  const windows = (ring: SecondRing, end: number, names: (i: number) => string | undefined, keys: number) => {
    const out: Record<string, WindowCounts> = {};
    const sums = windowSeconds.map((w) => ring.sumRange(end - w, end));
    for (let k = 0; k < keys; k++) {
      if (sums[3]![k] === 0) continue;
      const name = names(k);
      if (name === undefined) continue;
      out[name] = { "10s": sums[0]![k]!, "1m": sums[1]![k]!, "5m": sums[2]![k]!, "15m": sums[3]![k]! };
    }
    return out;
  };

  const windowOf = (ring: SecondRing, key: number, end: number): WindowCounts => {
    const w = {} as WindowCounts;
    windowNames.forEach((name, i) => {
      let n = 0;
      for (let s = end - windowSeconds[i]!; s < end; s++) n += ring.get(key, s);
      w[name] = n;
    });
    return w;
  };

  const sumKeys = (byKey: Record<string, WindowCounts>, pick?: (k: string) => boolean): WindowCounts => {
    const w: WindowCounts = { "10s": 0, "1m": 0, "5m": 0, "15m": 0 };
    for (const [k, v] of Object.entries(byKey)) {
      if (pick && !pick(k)) continue;
      for (const n of windowNames) w[n] += v[n];
    }
    return w;
  };

  const shopLoad = (e: ShopLoadEntry): ShopLoad => ({
    ...e,
    chain: table.chains[table.chainOf[e.shopId]!] ?? "",
    city: table.cities[table.cityOf[e.shopId]!] ?? "",
    utilization: Number.isFinite(e.utilization) ? e.utilization : e.ratePerMin,
  });

  const point = (t: number): SecondPoint => {
    const apiPoint: SecondPoint["api"] = {};
    for (const ep of seenEndpoints) {
      const requests = api.get(ep * API_FIELDS, t);
      if (requests === 0) continue;
      apiPoint[endpoints.name(ep)] = {
        requests,
        errors: api.get(ep * API_FIELDS + 1, t),
        retries: api.get(ep * API_FIELDS + 2, t),
      };
    }
    return {
      t,
      orders: {
        created: status.get(0, t),
        accepted: status.get(1, t),
        made: status.get(2, t),
        failed: status.get(3, t),
      },
      downloads: { install: downloads.get(0, t), update: downloads.get(1, t), invite: downloads.get(2, t) },
      api: apiPoint,
    };
  };

  const endpointLoad = (ep: number, end: number): EndpointLoad => {
    const name = endpoints.name(ep);
    const requests = windowOf(api, ep * API_FIELDS, end);
    const capacityPerSec = table.endpointCapacity.get(name) ?? 0;
    const [p50, p95, p99] = latency
      .quantiles(ep, end - 60, end, [0.5, 0.95, 0.99])
      .map((v) => (Number.isNaN(v) ? 0 : v));
    const classes: Record<string, number> = {};
    for (let c = 0; c < errorClasses.size; c++) {
      let n = 0;
      for (let s = end - 60; s < end; s++) n += endpointErrors.get(ep * maxErrorClasses + c, s);
      if (n > 0) classes[errorClasses.name(c)] = n;
    }
    const recent = new Float64Array(60);
    for (let i = 0; i < 60; i++) recent[i] = api.get(ep * API_FIELDS, end - 60 + i);
    return {
      endpoint: name,
      requests,
      errors: windowOf(api, ep * API_FIELDS + 1, end),
      retries: windowOf(api, ep * API_FIELDS + 2, end),
      capacityPerSec,
      utilization: capacityPerSec > 0 ? requests["10s"] / 10 / capacityPerSec : 0,
      p50: p50!,
      p95: p95!,
      p99: p99!,
      errorClasses: classes,
      saturationInSec: secondsToSaturation(recent, capacityPerSec),
    };
  };

  return {
    addPartition(p, counters, caughtUp = true) {
      const s = state(p);
      if (counters) s.counters = { ...counters };
      s.caughtUp = caughtUp;
    },

    setCaughtUp(p, caughtUp) {
      state(p).caughtUp = caughtUp;
    },

    ingest(p, offset, e, persist) {
      const s = state(p);
      s.lastSeen = clock();
      // Duplicates first: a re-sent bad event is a duplicate, not a second dead letter.
      if (dedup.seen(e.id)) {
        if (persist) deltas.metric(p, "dropped", 0, "duplicate");
        count(p, s, "duplicates", persist);
        return "duplicate";
      }
      const rejected = validate(e);
      if (rejected) {
        if (persist) deltas.metric(p, "dropped", 0, "rejected");
        count(p, s, "invalid", persist);
        return { rejected };
      }
      const sec = Math.floor(e.ts / 1000);
      if ((closedEnd !== null && sec < closedEnd) || (s.watermark !== null && e.ts < s.watermark - graceMs)) {
        if (persist) deltas.metric(p, "dropped", 0, "late");
        count(p, s, "lateDropped", persist);
        return "late";
      }
      if (s.watermark === null || e.ts > s.watermark) {
        const ref = s.watermark ?? newestWatermark;
        if (e.ts > clockLimit || (ref !== null && e.ts > ref + timeRule.maxAheadMs)) {
          const ahead = judgeAhead(timeRule, s.jump, e.ts, ref, clockLimit);
          if (ahead) {
            if (persist) deltas.metric(p, "dropped", 0, "ahead");
            count(p, s, "ahead", persist);
            return { rejected: ahead };
          }
        } else if (s.jump.agreeing !== 0 && ref !== null && breaksRow(timeRule, e.ts, ref))
          s.jump.agreeing = 0;
        s.watermark = e.ts;
        if (newestWatermark === null || e.ts > newestWatermark) newestWatermark = e.ts;
      } else if (s.jump.agreeing !== 0 && breaksRow(timeRule, e.ts, s.watermark)) s.jump.agreeing = 0;
      // Offsets mostly grow within a second: the last second's entry answers without the map.
      if (sec === s.lastSecond) {
        if (offset < s.lastSecondOffset) {
          s.offsetAtSecond.set(sec, offset);
          s.lastSecondOffset = offset;
        }
      } else {
        const prev = s.offsetAtSecond.get(sec);
        const min = prev === undefined || offset < prev ? offset : prev;
        if (min !== prev) s.offsetAtSecond.set(sec, min);
        s.lastSecond = sec;
        s.lastSecondOffset = min;
      }
      if (firstSecond === null || sec < firstSecond) firstSecond = sec;
      switch (e.type) {
        case "order":
          countOrder(p, e, sec, persist);
          if (e.status === "created") count(p, s, "ordersCreated", persist);
          break;
        case "download":
          downloads.add(kindIdx.get(e.kind)!, sec);
          if (persist) deltas.metricById(p, kindKey[kindIdx.get(e.kind)!]!, sec);
          count(p, s, "downloads", persist);
          break;
        case "api":
          countApi(p, e, sec, persist);
          count(p, s, "apiRequests", persist);
          break;
      }
      return "counted";
    },

    invalid(p, persist) {
      const s = state(p);
      s.lastSeen = clock();
      if (persist) deltas.metric(p, "dropped", 0, "invalid");
      count(p, s, "invalid", persist);
    },

    unreadable(p, records, persist) {
      const s = state(p);
      s.lastSeen = clock();
      if (!persist) return;
      deltas.metric(p, "dropped", 0, "unreadable", records);
      s.counters.unreadable += records;
      deltas.counter(p, "unreadable", records);
    },

    openFrom: () => closedEnd ?? firstSecond,

    closableEnd: () => {
      const h = horizon();
      return h === null ? closedEnd : Math.max(h, closedEnd ?? h);
    },

    frame(limitEnd) {
      clockLimit = clockLimitNow();
      const allowed = horizon();
      const h = allowed === null || limitEnd === undefined ? allowed : Math.min(allowed, limitEnd);
      const prevEnd = closedEnd ?? firstSecond;
      if (h !== null && (closedEnd === null || h > closedEnd)) closedEnd = h;
      const end = closedEnd;
      const seconds: SecondPoint[] = [];
      let maxWatermark = Number.NEGATIVE_INFINITY;
      for (const s of partitions.values())
        if (s.watermark !== null) maxWatermark = Math.max(maxWatermark, s.watermark);
      if (end !== null) {
        shops.closeUntil(end);
        for (let t = Math.max(prevEnd ?? end, end - LONGEST); t < end; t++) seconds.push(point(t));
        dedup.expire(end * 1000);
        for (const s of partitions.values()) {
          if (s.watermark === null) continue;
          const keep = Math.floor(s.watermark / 1000) - RING_SLOTS;
          for (const sec of s.offsetAtSecond.keys()) if (sec < keep) s.offsetAtSecond.delete(sec);
          if (s.lastSecond < keep) s.lastSecond = Number.NaN;
        }
      }
      const at = end ?? 0;
      const byStatus = windows(status, at, (i) => orderStatuses[i], orderStatuses.length);
      const byChain = windows(chains, at, (i) => table.chains[i], table.chains.length);
      const outcomes = (ring: SecondRing, names: readonly string[], odd: 0 | 1) =>
        windows(ring, at, (i) => (i % 2 === odd ? names[i >> 1] : undefined), 2 * names.length);
      const byCity = windows(cities, at, (i) => table.cities[i], table.cities.length);
      const byKind = windows(downloads, at, (i) => downloadKinds[i], downloadKinds.length);
      const totals = zeroCounters();
      for (const s of partitions.values())
        for (const k of Object.keys(totals) as CounterName[]) totals[k] += s.counters[k];
      const watchedSet = new Set<number>();
      const watchedShops: ShopLoad[] = [];
      for (const id of watched) {
        if (watchedSet.has(id) || id >= table.size || !shops.active(id)) continue;
        watchedSet.add(id);
        watchedShops.push(shopLoad(shops.entry(id)));
      }
      return {
        v: 1,
        source,
        seq: seq++,
        emittedAt: clock(),
        watermark: end === null ? null : end * 1000,
        partitions: [...partitions.keys()].sort((a, b) => a - b),
        seconds,
        totals,
        orders: byStatus.created ?? { "10s": 0, "1m": 0, "5m": 0, "15m": 0 },
        downloads: sumKeys(byKind),
        invites: byKind.invite ?? { "10s": 0, "1m": 0, "5m": 0, "15m": 0 },
        byChain,
        byChainMade: outcomes(chainOutcomes, table.chains, 0),
        byChainFailed: outcomes(chainOutcomes, table.chains, 1),
        byCity,
        byCityMade: outcomes(cityOutcomes, table.cities, 0),
        byCityFailed: outcomes(cityOutcomes, table.cities, 1),
        byStatus,
        errorClasses: windows(
          errors,
          at,
          (i) => (i < errorClasses.size ? errorClasses.name(i) : undefined),
          errorClasses.size,
        ),
        topShops: shops.top(topK).map(shopLoad),
        shopsOverCapacity: shops.overCapacity(),
        watchedShops,
        endpoints: [...seenEndpoints].sort((a, b) => a - b).map((ep) => endpointLoad(ep, at)),
      };
    },

    takeDeltas: (ps) => deltas.take(ps),

    partitionInfo(p) {
      const s = state(p);
      let restoreOffset: number | null = null;
      if (s.watermark !== null) {
        const from = Math.floor((s.watermark - graceMs) / 1000) - LONGEST;
        for (const [sec, off] of s.offsetAtSecond) {
          if (sec >= from && (restoreOffset === null || off < restoreOffset)) restoreOffset = off;
        }
      }
      return { watermark: s.watermark, restoreOffset, counters: { ...s.counters } };
    },

    shopsOver: (factor) => shops.over(factor).map(shopLoad),

    watch(ids) {
      watched = [...ids];
    },

    setCapacity(next) {
      shops.setCapacity(next);
      table = next;
    },
  };
}
