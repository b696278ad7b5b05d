/** Voucher order events: one per status change of an order at a shop. Topic `orders`, key = shop id. */
import { z } from "zod";

export const orderStatuses = ["created", "accepted", "made", "failed"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const OrderEventSchema = z.strictObject({
  v: z.literal(1),
  type: z.literal("order"),
  /** Unique per event (not per order): the dedup key. */
  id: z.string().min(1).max(64),
  orderId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  shopId: z.number().int().nonnegative(),
  chain: z.string().min(1).max(64),
  city: z.string().min(1).max(64),
  /** Voucher amount in yuan. */
  amount: z.number().nonnegative().max(10_000),
  status: z.enum(orderStatuses),
  /** Event time, epoch milliseconds. */
  ts: z.number().int().positive(),
});

export type OrderEvent = z.infer<typeof OrderEventSchema>;

/** Orders are partitioned by shop so one shop's events stay in order on one partition. */
export const orderKey = (e: Pick<OrderEvent, "shopId">): string => String(e.shopId);
