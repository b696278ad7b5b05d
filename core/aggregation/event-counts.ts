/**
 * The aggregator's per-second counts: one ring per dimension (order status, chain, city, their
 * made/failed outcomes, download kind, endpoint requests/errors/retries, error class), latency
 * histograms per endpoint, and the metric deltas to persist. The hot path: an event is a few
 * typed-array increments, delta key ids are cached by dense index so it does no string work.
 */
import type { CapacityTable } from "../capacity/capacity-table";
import type { ShopLoadState } from "../capacity/shop-load";
import type { LaunchEvent } from "../events/decode";
import { downloadKinds } from "../events/download";
import { orderStatuses } from "../events/order";
import { ringSlots, ringSlotsFor, secondsOf } from "../frames/windows";
import { createLatencyRing, type LatencyRing } from "../sketches/latency-ring";
import { createDictionary, type Dictionary } from "../windows/dictionary";
import { createSecondRing, type SecondRing } from "../windows/second-ring";
import type { DeltaBook } from "./deltas";

/** Fields per endpoint in the `api` ring: requests, errors, retries. */
export const API_FIELDS = 3;
/** Latency percentiles and errors by class are over this window. */
export const endpointWindow = "1m" as const;

export interface EventCounts {
  countOrder(p: number, e: Extract<LaunchEvent, { type: "order" }>, sec: number, persist: boolean): void;
  countApi(p: number, e: Extract<LaunchEvent, { type: "api" }>, sec: number, persist: boolean): void;
  countDownload(
    p: number,
    e: Extract<LaunchEvent, { type: "download" }>,
    sec: number,
    persist: boolean,
  ): void;
  setTable(table: CapacityTable): void;
  readonly status: SecondRing;
  readonly chains: SecondRing;
  readonly cities: SecondRing;
  /** Made and failed per chain (and per city): key 2 × chain, +1 for failed. */
  readonly chainOutcomes: SecondRing;
  readonly cityOutcomes: SecondRing;
  readonly downloads: SecondRing;
  /** Key ep × API_FIELDS + field. */
  readonly api: SecondRing;
  readonly errors: SecondRing;
  /** Key ep × maxErrorClasses + class, over the endpoint window. */
  readonly endpointErrors: SecondRing;
  readonly latency: LatencyRing;
  readonly endpoints: Dictionary;
  readonly errorClasses: Dictionary;
  /** Endpoint indexes with at least one request so far. */
  readonly seenEndpoints: Set<number>;
  readonly maxErrorClasses: number;
}

/** The rings and dictionaries of the counts, sized from the windows and the reference data. */
function createRings(table: CapacityTable, maxEndpoints: number, maxErrorClasses: number) {
  const slots = ringSlots;
  // The endpoint window's rings hold it plus the seconds counted ahead of it (a partition may run
  // a minute ahead of the closable end): at 64 slots those overwrote the seconds still read.
  const endpointSlots = ringSlotsFor(secondsOf[endpointWindow]);
  const endpoints = createDictionary({ capacity: maxEndpoints, initial: [...table.endpointCapacity.keys()] });
  return {
    status: createSecondRing({ keys: orderStatuses.length, slots }),
    chains: createSecondRing({ keys: Math.max(1, table.chains.length), slots }),
    cities: createSecondRing({ keys: Math.max(1, table.cities.length), slots }),
    // Frames carry only the keys with orders in the longest window, so a quiet city costs nothing.
    chainOutcomes: createSecondRing({ keys: Math.max(2, 2 * table.chains.length), slots }),
    cityOutcomes: createSecondRing({ keys: Math.max(2, 2 * table.cities.length), slots }),
    downloads: createSecondRing({ keys: downloadKinds.length, slots }),
    api: createSecondRing({ keys: endpoints.size * API_FIELDS + API_FIELDS, slots }),
    errors: createSecondRing({ keys: 8, slots }),
    endpointErrors: createSecondRing({ keys: 16, slots: endpointSlots }),
    latency: createLatencyRing({ keys: Math.max(1, endpoints.size), slots: endpointSlots }),
    endpoints,
    errorClasses: createDictionary({ capacity: maxErrorClasses }),
    seenEndpoints: new Set<number>(),
    maxErrorClasses,
  };
}

export function createEventCounts({
  table: initial,
  shops,
  deltas,
  maxEndpoints,
  maxErrorClasses,
}: {
  table: CapacityTable;
  shops: ShopLoadState;
  deltas: DeltaBook;
  maxEndpoints: number;
  maxErrorClasses: number;
}): EventCounts {
  let table = initial;
  const rings = createRings(table, maxEndpoints, maxErrorClasses);
  const { status, chains, cities, chainOutcomes, cityOutcomes, downloads, api, errors, endpointErrors } =
    rings;
  const { latency, endpoints, errorClasses, seenEndpoints } = rings;
  const statusIdx = new Map(orderStatuses.map((s, i) => [s, i]));
  const statusKey = orderStatuses.map((s) => deltas.keyId("ordersStatus", s));
  const kindKey = downloadKinds.map((k) => deltas.keyId("downloads", k));
  const kindIdx = new Map(downloadKinds.map((k, i) => [k, i]));
  const chainKey: number[] = [];
  const cityKey: number[] = [];
  const endpointKeys: Array<[number, number, number]> = [];
  const errorClassKey: number[] = [];

  const countOrder: EventCounts["countOrder"] = (p, e, sec, persist) => {
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

  const countApi: EventCounts["countApi"] = (p, e, sec, persist) => {
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
    // Every request's latency, failed ones too (a timeout's 10 s is the tail on-call looks for).
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

  const countDownload: EventCounts["countDownload"] = (p, e, sec, persist) => {
    const kind = kindIdx.get(e.kind)!;
    downloads.add(kind, sec);
    if (persist) deltas.metricById(p, kindKey[kind]!, sec);
  };

  return {
    ...rings,
    countOrder,
    countApi,
    countDownload,
    setTable(next) {
      table = next;
    },
  };
}
