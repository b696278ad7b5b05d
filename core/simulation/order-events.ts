/**
 * The launch's orders: each second's new orders (arrivals from the curve, shops by weight, the
 * shop queues deciding made, failed or refused), their later events as they fall due, and the
 * stray orders chaos sends to shops that do not exist.
 */
import type { OrderStatus } from "../events/order";
import type { ShopTable } from "../reference/shops";
import { createAliasTable } from "./alias";
import { createArrivals, type OrderCurve } from "./curve";
import { randomInt, uniform } from "./distributions";
import type { IdFactory } from "./ids";
import type { LaunchStats } from "./launch-stats";
import { orderMessage } from "./messages";
import { ACCEPTED, createOrderLifecycle, FAILED, MADE, statusNames, statusSuffix } from "./order-lifecycle";
import { createShopLoadTracker, type ShopLoadTracker } from "./overloaded-shops";
import type { Rng } from "./rng";
import { createRng } from "./rng";
import { createShopQueues } from "./shop-queue";
import type { WireMessage } from "./wire";

export interface OrderEvents {
  /** Appends second `second`'s new orders and due lifecycle events to `out`; returns the new orders. */
  second(second: number, atMs: number, out: WireMessage[]): number;
  /** An order for a shop id past the shop count, stamped inside `second` (chaos). */
  stray(second: number, rng: Rng): WireMessage;
  /** Shops whose orders exceeded capacity (for the stats). */
  readonly shopLoad: ShopLoadTracker;
}

export function createOrderEvents({
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
}: {
  seed: string;
  scale: number;
  startMs: number;
  durationSec: number;
  curve: OrderCurve;
  shops: ShopTable;
  ids: IdFactory;
  acceptedAfterWaitMs: number;
  voucherAmount: number;
  stats: LaunchStats;
}): OrderEvents {
  const arrivals = createArrivals({ seed, scale, curve });
  const orderRng = createRng(seed, "orders");
  const shopPick = createAliasTable(shops.weight);
  const queues = createShopQueues({ capacityPerMinute: shops.capacityPerMinute, scale });
  const shopLoad = createShopLoadTracker({ capacityPerMinute: shops.capacityPerMinute, scale });
  const lifecycle = createOrderLifecycle({ startMs, durationSec });
  let orderSeq = 0;
  let strayOrderSeq = 0;

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

  /** New orders of the second, each with its later events scheduled; returns how many. */
  const newOrders = (second: number, atMs: number, out: WireMessage[]): number => {
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
        lifecycle.schedule(outcome.failAt, seq, shop, FAILED);
        continue;
      }
      if (outcome.waitMs >= acceptedAfterWaitMs)
        lifecycle.schedule(ts + uniform(orderRng, 2000, 20_000), seq, shop, ACCEPTED);
      lifecycle.schedule(outcome.doneAt, seq, shop, outcome.failed ? FAILED : MADE);
    }
    stats.orders.created += created;
    if (second + 1 === 5 * 3600) stats.ordersCreatedBy.h5 = stats.orders.created;
    if (second + 1 === 9 * 3600) stats.ordersCreatedBy.h9 = stats.orders.created;
    return created;
  };

  /** Lifecycle events that fall in this second. */
  const dueOrders = (second: number, out: WireMessage[]) => {
    const due = lifecycle.take(second);
    if (!due) return;
    for (let i = 0; i < due.at.length; i++) {
      const status = due.status[i]!;
      const name = statusNames[status];
      stats.orders[name]++;
      out.push(orderEvent(due.seq[i]!, due.shop[i]!, name, due.at[i]!, statusSuffix[status]));
    }
  };

  return {
    second(second, atMs, out) {
      const created = newOrders(second, atMs, out);
      dueOrders(second, out);
      return created;
    },
    stray(second, rng) {
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
    shopLoad,
  };
}
