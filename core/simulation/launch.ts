/**
 * The launch generator: wires the order curve, shop queues, downloads, the API tier and chaos
 * into one stream of wire messages, one simulated second at a time. Pure: no clock, no I/O; the
 * simulator CLI paces it and sends the messages. Same options, same messages, byte for byte.
 */
import type { OrderStatus } from "../events/order";
import { generateReferenceData, type ReferenceData } from "../reference";
import { createAliasTable } from "./alias";
import { type ApiErrorClass, createApiModel, type EndpointStats } from "./api-load";
import { type ChaosCounts, type ChaosOptions, createChaos } from "./chaos";
import { createArrivals, createOrderCurve } from "./curve";
import { poisson, randomInt, uniform } from "./distributions";
import { createDownloadModel, defaultShareBlockSec } from "./downloads";
import { createIds } from "./ids";
import { apiMessage, downloadMessage, orderMessage } from "./messages";
import { createShopLoadTracker, type OverloadedShop } from "./overloaded-shops";
import { createRng } from "./rng";
import { createShopQueues } from "./shop-queue";
import type { TopicRole, WireMessage } from "./wire";

/** 2026-02-06T10:00:00+08:00, when the first phase of the promotion opened. */
export const defaultLaunchStartMs = Date.parse("2026-02-06T10:00:00+08:00");
export const defaultDurationSec = 9 * 3600;
/** The voucher's value, yuan. */
export const voucherAmount = 25;

export interface LaunchOptions {
  /** Seed of everything random in the events. */
  seed: string;
  /** Volume scale: 0.01 is 1% of the orders, downloads and requests, same shape (default 1). */
  scale?: number;
  /** Event time of the launch, epoch ms (default 2026-02-06T10:00:00+08:00). */
  startMs?: number;
  /** Simulated seconds (default 9 h). */
  durationSec?: number;
  /** Shops and endpoints (default generateReferenceData() with the default reference seed). */
  reference?: ReferenceData;
  /** Seconds after launch when share links are blocked (default 3 h). */
  shareBlockSec?: number;
  /** Orders waiting at a shop longer than this get `accepted` before `made` (default 2 min). */
  acceptedAfterWaitMs?: number;
  /** Chaos options, or false for a clean stream (default false). */
  chaos?: ChaosOptions | false;
}

/** One simulated second's messages. */
export interface SecondBatch {
  /** Seconds since launch; the final drain batch has `second === durationSec`. */
  second: number;
  /** Event time at the start of the second, epoch ms. */
  atMs: number;
  messages: WireMessage[];
}

export interface LaunchStats {
  seed: string;
  scale: number;
  startMs: number;
  /** Simulated seconds generated so far. */
  seconds: number;
  /** Messages handed out per topic, chaos included: what a consumer should receive. */
  messages: Record<TopicRole, number>;
  orders: Record<OrderStatus, number>;
  downloads: { install: number; update: number; invite: number };
  /** Cumulative `created` orders at the end of hour 5 and of hour 9 (null if not reached). */
  ordersCreatedBy: { h5: number | null; h9: number | null };
  /** Invites per minute: 30 minutes before the share block, and 30 minutes from 5 minutes after it. */
  invitesPerMinute: { beforeBlock: number | null; afterBlock: number | null };
  shops: {
    /** Shops whose order rate exceeded capacity over some 10-minute window. */
    overloaded: number;
    /** Orders refused because a shop's queue was full. */
    refused: number;
    top: OverloadedShop[];
  };
  api: { requests: number; errors: number; retries: number; errorClasses: Record<ApiErrorClass, number> };
  endpoints: EndpointStats[];
  chaos: ChaosCounts | null;
}

export interface LaunchSimulation {
  readonly durationSec: number;
  /** The next second's messages, then one drain batch (held chaos messages), then null. */
  next(): SecondBatch | null;
  stats(): LaunchStats;
}

const ACCEPTED = 1;
const MADE = 2;
const FAILED = 3;
const statusNames: Record<number, OrderStatus> = {
  [ACCEPTED]: "accepted",
  [MADE]: "made",
  [FAILED]: "failed",
};
const statusSuffix: Record<number, string> = { [ACCEPTED]: "-a", [MADE]: "-m", [FAILED]: "-f" };

/** Lifecycle events due in one second, as parallel arrays (millions may be pending at the peak). */
interface PendingSecond {
  at: number[];
  seq: number[];
  shop: number[];
  status: number[];
}

/** Creates a launch. Building the reference data is the slow part (~0.1 s); pass it in to reuse. */
export function createLaunch({
  seed,
  scale = 1,
  startMs = defaultLaunchStartMs,
  durationSec = defaultDurationSec,
  reference = generateReferenceData(),
  shareBlockSec = defaultShareBlockSec,
  acceptedAfterWaitMs = 120_000,
  chaos: chaosOptions = false,
}: LaunchOptions): LaunchSimulation {
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  const { shops, endpoints } = reference;
  const ids = createIds(seed);
  // The shape is the giveaway night's whatever the start: --start only moves the timestamps.
  const curve = createOrderCurve({ horizonSec: durationSec });
  const arrivals = createArrivals({ seed, scale, curve });
  const downloadModel = createDownloadModel({ shareBlockSec });
  const orderRng = createRng(seed, "orders");
  const downloadRng = createRng(seed, "downloads");
  const apiRng = createRng(seed, "api");
  const shopPick = createAliasTable(shops.weight);
  const queues = createShopQueues({ capacityPerMinute: shops.capacityPerMinute, scale });
  const shopLoad = createShopLoadTracker({ capacityPerMinute: shops.capacityPerMinute, scale });
  const api = createApiModel({ endpoints, scale });
  const pending = new Map<number, PendingSecond>();

  const stats: LaunchStats = {
    seed,
    scale,
    startMs,
    seconds: 0,
    messages: { orders: 0, downloads: 0, api: 0 },
    orders: { created: 0, accepted: 0, made: 0, failed: 0 },
    downloads: { install: 0, update: 0, invite: 0 },
    ordersCreatedBy: { h5: null, h9: null },
    invitesPerMinute: { beforeBlock: null, afterBlock: null },
    shops: { overloaded: 0, refused: 0, top: [] },
    api: {
      requests: 0,
      errors: 0,
      retries: 0,
      errorClasses: { overload_503: 0, timeout: 0, upstream_5xx: 0 },
    },
    endpoints: [],
    chaos: null,
  };
  let invitesBefore = 0;
  let invitesAfter = 0;

  let orderSeq = 0;
  let downloadSeq = 0;
  let apiSeq = 0;
  let strayOrderSeq = 0;
  let newUsers = 0;

  const orderEvent = (seq: number, shopId: number, status: OrderStatus, ts: number, suffix: string) => {
    const orderId = ids.orderId(seq);
    return orderMessage({
      v: 1,
      type: "order",
      id: orderId + suffix,
      orderId,
      userId: ids.orderUserId(seq),
      shopId,
      chain: shops.chains[shops.chainIndex[shopId]!]!,
      city: shops.cities[shops.cityIndex[shopId]!]!,
      amount: voucherAmount,
      status,
      ts,
    });
  };

  const schedule = (atMs: number, seq: number, shop: number, status: number) => {
    const second = Math.floor((atMs - startMs) / 1000);
    if (second >= durationSec) return;
    let p = pending.get(second);
    if (!p) {
      p = { at: [], seq: [], shop: [], status: [] };
      pending.set(second, p);
    }
    p.at.push(Math.floor(atMs));
    p.seq.push(seq);
    p.shop.push(shop);
    p.status.push(status);
  };

  const chaos =
    chaosOptions === false
      ? null
      : createChaos({
          ...chaosOptions,
          rng: createRng(seed, "chaos"),
          unknownShopOrder(second, rng) {
            const seq = strayOrderSeq++;
            const orderId = ids.strayOrderId(seq);
            const shopId = shops.count + randomInt(rng, 10_000);
            return orderMessage({
              v: 1,
              type: "order",
              id: `${orderId}-c`,
              orderId,
              userId: ids.existingUser(Math.floor(rng.next() * 2 ** 32)),
              shopId,
              chain: shops.chains[0]!,
              city: shops.cities[0]!,
              amount: voucherAmount,
              status: "created",
              ts: startMs + second * 1000 + randomInt(rng, 1000),
            });
          },
        });

  const generate = (second: number, atMs: number): WireMessage[] => {
    const out: WireMessage[] = [];

    // New orders.
    const created = arrivals.next(second);
    for (let i = 0; i < created; i++) {
      const ts = atMs + Math.floor(orderRng.next() * 1000);
      const shop = shopPick.sample(orderRng);
      const seq = orderSeq++;
      out.push(orderEvent(seq, shop, "created", ts, "-c"));
      shopLoad.record(shop, second);
      const outcome = queues.admit(shop, ts, orderRng);
      if (outcome.kind === "refused") {
        stats.shops.refused++;
        schedule(outcome.failAt, seq, shop, FAILED);
        continue;
      }
      if (outcome.waitMs >= acceptedAfterWaitMs)
        schedule(ts + uniform(orderRng, 2000, 20_000), seq, shop, ACCEPTED);
      schedule(outcome.doneAt, seq, shop, outcome.failed ? FAILED : MADE);
    }
    stats.orders.created += created;
    if (second + 1 === 5 * 3600) stats.ordersCreatedBy.h5 = stats.orders.created;
    if (second + 1 === 9 * 3600) stats.ordersCreatedBy.h9 = stats.orders.created;

    // Lifecycle events that fall in this second.
    const due = pending.get(second);
    if (due) {
      pending.delete(second);
      for (let i = 0; i < due.at.length; i++) {
        const status = due.status[i]!;
        const name = statusNames[status]!;
        stats.orders[name]++;
        out.push(orderEvent(due.seq[i]!, due.shop[i]!, name, due.at[i]!, statusSuffix[status]!));
      }
    }

    // Downloads.
    const rates = downloadModel.expectedAt(second);
    const counts = {
      update: poisson(downloadRng, rates.update * scale),
      install: poisson(downloadRng, rates.install * scale),
      invite: poisson(downloadRng, rates.invite * scale),
    };
    for (const kind of ["update", "install", "invite"] as const) {
      for (let i = 0; i < counts[kind]; i++) {
        const seq = downloadSeq++;
        const p = downloadRng.next();
        const userId =
          kind === "update"
            ? ids.existingUser(Math.floor(downloadRng.next() * 2 ** 32))
            : ids.newUser(newUsers++);
        out.push(
          downloadMessage({
            v: 1,
            type: "download",
            id: ids.downloadId(seq),
            userId,
            kind,
            inviterId: kind === "invite" ? ids.existingUser(Math.floor(downloadRng.next() * 2 ** 32)) : null,
            platform: p < 0.6 ? "android" : p < 0.92 ? "ios" : "harmony",
            channel: downloadModel.channel(kind, second, downloadRng.next()),
            ts: atMs + Math.floor(downloadRng.next() * 1000),
          }),
        );
      }
      stats.downloads[kind] += counts[kind];
    }
    if (second >= shareBlockSec - 1800 && second < shareBlockSec) invitesBefore += counts.invite;
    if (second >= shareBlockSec + 300 && second < shareBlockSec + 2100) invitesAfter += counts.invite;
    if (second === shareBlockSec - 1) stats.invitesPerMinute.beforeBlock = invitesBefore / 30;
    if (second === shareBlockSec + 2099) stats.invitesPerMinute.afterBlock = invitesAfter / 30;

    // The API tier.
    api.step(
      second,
      atMs,
      {
        orders: created,
        updates: counts.update,
        installs: counts.install,
        invites: counts.invite,
        shares: rates.shares * scale,
      },
      apiRng,
      (e, status, latencyMs, errorClass, retry, ts) => {
        out.push(
          apiMessage({
            v: 1,
            type: "api",
            id: ids.apiId(apiSeq++),
            endpoint: endpoints[e]!.name,
            status,
            latencyMs,
            errorClass,
            retry,
            ts,
          }),
        );
      },
    );
    return out;
  };

  let second = 0;
  let drained = false;
  const count = (messages: WireMessage[]) => {
    for (const m of messages) stats.messages[m.topic]++;
    return messages;
  };

  return {
    durationSec,
    next() {
      if (second < durationSec) {
        const atMs = startMs + second * 1000;
        const fresh = generate(second, atMs);
        const messages = chaos ? chaos.apply(second, fresh) : fresh;
        const batch = { second, atMs, messages: count(messages) };
        second++;
        stats.seconds = second;
        return batch;
      }
      if (drained) return null;
      drained = true;
      return { second, atMs: startMs + second * 1000, messages: count(chaos ? chaos.drain() : []) };
    },
    stats() {
      const endpointStats = api.stats();
      const totals = { ...stats.api, errorClasses: { overload_503: 0, timeout: 0, upstream_5xx: 0 } };
      totals.requests = 0;
      totals.errors = 0;
      totals.retries = 0;
      for (const e of endpointStats) {
        totals.requests += e.requests;
        totals.errors += e.errors;
        totals.retries += e.retries;
        for (const k of Object.keys(totals.errorClasses) as ApiErrorClass[])
          totals.errorClasses[k] += e.errorClasses[k];
      }
      return {
        ...stats,
        messages: { ...stats.messages },
        orders: { ...stats.orders },
        downloads: { ...stats.downloads },
        ordersCreatedBy: { ...stats.ordersCreatedBy },
        invitesPerMinute: { ...stats.invitesPerMinute },
        shops: {
          overloaded: shopLoad.overloadedCount(),
          refused: stats.shops.refused,
          top: shopLoad.top(10),
        },
        api: totals,
        endpoints: endpointStats,
        chaos: chaos ? { ...chaos.counts } : null,
      };
    },
  };
}
