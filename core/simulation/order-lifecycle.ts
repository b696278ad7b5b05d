/**
 * An order's later events (`accepted`, `made`, `failed`), scheduled when the order is created and
 * handed out in the second they fall in. Pending events are parallel arrays per second: millions
 * may be pending at the peak.
 */
import type { OrderStatus } from "../events/order";

export const ACCEPTED = 1;
export const MADE = 2;
export const FAILED = 3;
export type LaterStatus = typeof ACCEPTED | typeof MADE | typeof FAILED;

export const statusNames: Record<LaterStatus, OrderStatus> = {
  [ACCEPTED]: "accepted",
  [MADE]: "made",
  [FAILED]: "failed",
};
/** Event id suffix per status (the created event's is `-c`). */
export const statusSuffix: Record<LaterStatus, string> = { [ACCEPTED]: "-a", [MADE]: "-m", [FAILED]: "-f" };

/** Lifecycle events due in one second, as parallel arrays. */
export interface PendingSecond {
  at: number[];
  seq: number[];
  shop: number[];
  status: LaterStatus[];
}

export interface OrderLifecycle {
  /** Schedules order `seq`'s `status` event at `atMs` (dropped past the launch's end). */
  schedule(atMs: number, seq: number, shop: number, status: LaterStatus): void;
  /** Takes the events due in `second` (seconds since launch). */
  take(second: number): PendingSecond | undefined;
}

export function createOrderLifecycle({
  startMs,
  durationSec,
}: {
  startMs: number;
  durationSec: number;
}): OrderLifecycle {
  const pending = new Map<number, PendingSecond>();
  return {
    schedule(atMs, seq, shop, status) {
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
    },
    take(second) {
      const due = pending.get(second);
      if (due) pending.delete(second);
      return due;
    },
  };
}
