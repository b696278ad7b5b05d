/** The Launchwatch fields a source mapping fills, per stream kind, with their types. */

import { downloadKinds, platforms } from "../events/download";
import { orderStatuses } from "../events/order";

export const sourceKinds = ["orders", "api", "downloads"] as const;
export type SourceKind = (typeof sourceKinds)[number];

export type FieldType =
  | { t: "string"; max: number }
  | { t: "nullableString"; max: number }
  | { t: "number" }
  | { t: "int" }
  | { t: "boolean" }
  | { t: "enum"; values: readonly string[] }
  | { t: "time" };

export interface FieldDef {
  type: FieldType;
  /** Required unless it has a default here or is filled otherwise (see `optional`). */
  required: boolean;
}

const s = (max: number, required = true): FieldDef => ({ type: { t: "string", max }, required });

/**
 * Orders name their shop either by the company's store code (`shop`, looked up in
 * `shops.external_id`) or by Launchwatch's own id (`shopId`); `chain` and `city` default to
 * the shop's reference data.
 */
export const kindFields: Record<SourceKind, Record<string, FieldDef>> = {
  orders: {
    id: s(64),
    orderId: s(64),
    userId: s(64),
    shop: s(64, false),
    shopId: { type: { t: "int" }, required: false },
    chain: s(64, false),
    city: s(64, false),
    amount: { type: { t: "number" }, required: true },
    status: { type: { t: "enum", values: orderStatuses }, required: true },
    ts: { type: { t: "time" }, required: true },
  },
  api: {
    id: s(64),
    endpoint: s(128),
    status: { type: { t: "int" }, required: true },
    latencyMs: { type: { t: "number" }, required: true },
    /** Default: `http_<status>` for a status of 400 or above, else null. */
    errorClass: { type: { t: "nullableString", max: 64 }, required: false },
    /** Default false. */
    retry: { type: { t: "boolean" }, required: false },
    ts: { type: { t: "time" }, required: true },
  },
  downloads: {
    id: s(64),
    userId: s(64),
    kind: { type: { t: "enum", values: downloadKinds }, required: true },
    /** Default null. */
    inviterId: { type: { t: "nullableString", max: 64 }, required: false },
    platform: { type: { t: "enum", values: platforms }, required: true },
    channel: s(32),
    ts: { type: { t: "time" }, required: true },
  },
};

export const eventTypeOf = { orders: "order", api: "api", downloads: "download" } as const;
