/**
 * Mapped events built as native ones are: the contract's field order per kind, and one literal
 * per type (one hidden class, encoded like a native event).
 */
import { ApiEventSchema } from "../events/api";
import { DownloadEventSchema } from "../events/download";
import { OrderEventSchema } from "../events/order";
import type { SourceKind } from "./fields";

export const contractKeys: Record<SourceKind, string[]> = {
  orders: Object.keys(OrderEventSchema.shape),
  api: Object.keys(ApiEventSchema.shape),
  downloads: Object.keys(DownloadEventSchema.shape),
};

/**
 * Events built as literals in contract order (one hidden class per type, encoded like a native
 * event), from the values after `v` and `type`.
 */
export const builders: Record<SourceKind, (a: unknown[]) => Record<string, unknown>> = {
  orders: (a) => ({
    v: 1,
    type: "order",
    id: a[2],
    orderId: a[3],
    userId: a[4],
    shopId: a[5],
    chain: a[6],
    city: a[7],
    amount: a[8],
    status: a[9],
    ts: a[10],
  }),
  api: (a) => ({
    v: 1,
    type: "api",
    id: a[2],
    endpoint: a[3],
    status: a[4],
    latencyMs: a[5],
    errorClass: a[6],
    retry: a[7],
    ts: a[8],
  }),
  downloads: (a) => ({
    v: 1,
    type: "download",
    id: a[2],
    userId: a[3],
    kind: a[4],
    inviterId: a[5],
    platform: a[6],
    channel: a[7],
    ts: a[8],
  }),
};
