/**
 * What happens to an order at the counter. Each shop is one queue served at its capacity
 * (drinks per minute). An order waits for the backlog ahead of it, then takes its own making
 * time. When the wait would exceed what the shop accepts, the order is refused (failed); long
 * waits also make customers give up. So failures rise exactly where arrivals exceed capacity.
 *
 * At scale F each simulated order stands for 1/F real ones: it occupies the counter for 1/F
 * drinks' worth of time, while its own making time stays one drink's. Waits then depend on the
 * shop's utilization, not on the scale.
 */
import { exponential, uniform } from "./distributions";
import type { Rng } from "./rng";

export type OrderOutcome =
  /** Refused at once: the queue is full. `failAt` is when the shop declines. */
  | { kind: "refused"; failAt: number }
  /** Queued and made (or failed at `doneAt` when `failed`). `waitMs` is time before making began. */
  | { kind: "served"; waitMs: number; startAt: number; doneAt: number; failed: boolean };

export interface ShopQueues {
  /** Decides the fate of an order for `shopId` arriving at `atMs` (event time, ms). */
  admit(shopId: number, atMs: number, rng: Rng): OrderOutcome;
}

export interface ShopQueueOptions {
  /** Drinks per minute per shop (the reference capacities). */
  capacityPerMinute: Float64Array;
  /** Volume scale of the run (default 1). */
  scale?: number;
  /** Longest wait a shop accepts before refusing new orders (default 20 min). */
  maxWaitMs?: number;
  /** Orders that fail for ordinary reasons: out of stock, no-show (default 1.5%). */
  baseFailRate?: number;
  /** Of the orders that wait the longest accepted time, the share whose customer gives up (default 0.3). */
  giveUpAtMaxWait?: number;
}

/** Creates the queues of all shops, idle at the start. */
export function createShopQueues({
  capacityPerMinute,
  scale = 1,
  maxWaitMs = 20 * 60_000,
  baseFailRate = 0.015,
  giveUpAtMaxWait = 0.3,
}: ShopQueueOptions): ShopQueues {
  const busyUntil = new Float64Array(capacityPerMinute.length);
  return {
    admit(shopId, atMs, rng) {
      const drinkMs = 60_000 / capacityPerMinute[shopId]!;
      const free = busyUntil[shopId]!;
      const waitMs = free > atMs ? free - atMs : 0;
      if (waitMs > maxWaitMs) return { kind: "refused", failAt: atMs + uniform(rng, 20_000, 90_000) };
      const startAt = atMs + waitMs;
      busyUntil[shopId] = startAt + drinkMs / scale;
      // Making a drink varies around the counter's pace.
      const doneAt = startAt + drinkMs * 0.5 + exponential(rng, drinkMs * 0.5);
      const gaveUp = rng.next() < (giveUpAtMaxWait * waitMs) / maxWaitMs;
      const failed = gaveUp || rng.next() < baseFailRate;
      return {
        kind: "served",
        waitMs,
        startAt,
        doneAt: gaveUp ? atMs + waitMs * uniform(rng, 0.3, 1) : doneAt,
        failed,
      };
    },
  };
}
