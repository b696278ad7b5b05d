/**
 * The launch generator: wires the order curve, shop queues, downloads, the API tier and chaos
 * into one stream of wire messages, one simulated second at a time. Pure: no clock, no I/O; the
 * simulator CLI paces it and sends the messages. Same options, same messages, byte for byte.
 *
 * Parts: order-lifecycle.ts (an order's later events), download-events.ts (a second of
 * downloads), launch-stats.ts (what the launch reports); the models are curve.ts, shop-queue.ts,
 * downloads.ts, api-load.ts and chaos.ts.
 */
import { generateReferenceData, type ReferenceData } from "../reference";
import { createApiModel } from "./api-load";
import { type ChaosOptions, createChaos } from "./chaos";
import { createOrderCurve } from "./curve";
import { createDownloadEvents } from "./download-events";
import { createDownloadModel, defaultShareBlockSec } from "./downloads";
import { createIds } from "./ids";
import { type LaunchStats, launchStatsNow, newLaunchStats } from "./launch-stats";
import { apiMessage } from "./messages";
import { createOrderEvents } from "./order-events";
import { createRng } from "./rng";
import type { WireMessage } from "./wire";

export type { LaunchStats } from "./launch-stats";

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

export interface LaunchSimulation {
  readonly durationSec: number;
  /** The next second's messages, then one drain batch (held chaos messages), then null. */
  next(): SecondBatch | null;
  stats(): LaunchStats;
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
  const downloadModel = createDownloadModel({ shareBlockSec });
  const apiRng = createRng(seed, "api");
  const api = createApiModel({ endpoints, scale });
  const stats = newLaunchStats(seed, scale, startMs);
  const orders = createOrderEvents({
    seed,
    scale,
    startMs,
    durationSec,
    curve,
    shops,
    ids,
    acceptedAfterWaitMs,
    voucherAmount,
    stats,
  });
  const downloads = createDownloadEvents({
    model: downloadModel,
    rng: createRng(seed, "downloads"),
    ids,
    scale,
    stats,
  });
  let apiSeq = 0;

  const chaos =
    chaosOptions === false
      ? null
      : createChaos({ ...chaosOptions, rng: createRng(seed, "chaos"), unknownShopOrder: orders.stray });

  const generate = (second: number, atMs: number): WireMessage[] => {
    const out: WireMessage[] = [];
    const created = orders.second(second, atMs, out);
    const rates = downloadModel.expectedAt(second);
    const counts = downloads.second(second, atMs, rates, out);
    const drivers = {
      orders: created,
      updates: counts.update,
      installs: counts.install,
      invites: counts.invite,
      shares: rates.shares * scale,
    };
    api.step(second, atMs, drivers, apiRng, (e, status, latencyMs, errorClass, retry, ts) => {
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
    });
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
    stats: () => launchStatsNow(stats, api.stats(), orders.shopLoad, chaos ? chaos.counts : null),
  };
}
