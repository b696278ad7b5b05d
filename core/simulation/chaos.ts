/**
 * Chaos mode: what a real event stream does to a consumer. Mixes malformed messages, orders for
 * shops that do not exist, events that arrive a little (out of order) or a lot (late) after their
 * timestamp, and re-sent events (same id). Counts what it injected, per kind, so a test can check
 * the consumer saw exactly that many.
 */
import { randomInt, uniform } from "./distributions";
import type { Rng } from "./rng";
import type { WireMessage } from "./wire";

export const chaosKinds = ["malformed", "unknownShop", "outOfOrder", "late", "duplicate"] as const;
export type ChaosKind = (typeof chaosKinds)[number];
export type ChaosCounts = Record<ChaosKind, number>;

export interface Chaos {
  /**
   * Transforms one second's messages: some are held back (delivered in a later second), some
   * doubled, some malformed or unknown-shop messages added. Returns what to send now.
   */
  apply(second: number, messages: WireMessage[]): WireMessage[];
  /** Everything still held back, to send when the run ends. */
  drain(): WireMessage[];
  readonly counts: ChaosCounts;
}

export interface ChaosOptions {
  /** Chance per event of each kind (default 0.002, so about 1% of events are touched). */
  rate?: number;
  /** Out-of-order events arrive this many seconds late (default 2-30). */
  outOfOrderSec?: readonly [number, number];
  /** Late events arrive this many seconds late (default 5-20 min). */
  lateSec?: readonly [number, number];
}

export interface ChaosDeps extends ChaosOptions {
  rng: Rng;
  /** Builds an order for a shop id at or above the shop count, stamped inside `second`. */
  unknownShopOrder(second: number, rng: Rng): WireMessage;
}

/** Ways a message can be unusable; every one is rejected by decodeEvent. */
function corrupt(m: WireMessage, rng: Rng): WireMessage {
  const v = m.value;
  const pick = randomInt(rng, 5);
  let value: string;
  if (pick === 0) value = v.slice(0, 1 + randomInt(rng, v.length - 2));
  else if (pick === 1) value = v.replace('"v":1', '"v":2');
  else if (pick === 2) value = v.replace(/"type":"[a-z]+"/, '"type":"refund"');
  else if (pick === 3) value = v.replace(/,"ts":\d+/, "");
  else value = `not json ${Math.floor(rng.next() * 2 ** 32).toString(16)}`;
  return { topic: m.topic, key: m.key, value };
}

/** Creates a chaos injector. Without `rate` (or with 0) it passes messages through. */
export function createChaos({
  rng,
  unknownShopOrder,
  rate = 0.002,
  outOfOrderSec = [2, 30],
  lateSec = [300, 1200],
}: ChaosDeps): Chaos {
  const held = new Map<number, WireMessage[]>();
  const counts: ChaosCounts = { malformed: 0, unknownShop: 0, outOfOrder: 0, late: 0, duplicate: 0 };
  const hold = (due: number, m: WireMessage) => {
    const list = held.get(due);
    if (list) list.push(m);
    else held.set(due, [m]);
  };
  return {
    counts,
    apply(second, messages) {
      const out: WireMessage[] = held.get(second) ?? [];
      held.delete(second);
      if (rate <= 0) {
        for (const m of messages) out.push(m);
        return out;
      }
      for (const m of messages) {
        const r = rng.next();
        if (r >= 5 * rate) {
          out.push(m);
        } else if (r < rate) {
          counts.duplicate++;
          out.push(m);
          // Re-sent at once or up to 3 s later, as a producer retry would.
          const delay = randomInt(rng, 4);
          if (delay === 0) out.push(m);
          else hold(second + delay, m);
        } else if (r < 2 * rate) {
          counts.outOfOrder++;
          hold(second + Math.round(uniform(rng, outOfOrderSec[0], outOfOrderSec[1])), m);
        } else if (r < 3 * rate) {
          counts.late++;
          hold(second + Math.round(uniform(rng, lateSec[0], lateSec[1])), m);
        } else if (r < 4 * rate) {
          counts.malformed++;
          out.push(m);
          out.push(corrupt(m, rng));
        } else {
          if (m.topic === "orders") {
            counts.unknownShop++;
            out.push(unknownShopOrder(second, rng));
          }
          out.push(m);
        }
      }
      return out;
    },
    drain() {
      const out: WireMessage[] = [];
      for (const due of [...held.keys()].sort((a, b) => a - b)) for (const m of held.get(due)!) out.push(m);
      held.clear();
      return out;
    },
  };
}
