/**
 * Builds wire messages from the event contract's types, so the compiler checks every field the
 * simulator writes. Values are exactly what encodeEvent produces (JSON.stringify of the event).
 */
import type { ApiEvent } from "../events/api";
import type { DownloadEvent } from "../events/download";
import type { OrderEvent } from "../events/order";
import type { WireMessage } from "./wire";

export function orderMessage(e: OrderEvent): WireMessage {
  return { topic: "orders", key: String(e.shopId), value: JSON.stringify(e) };
}

export function downloadMessage(e: DownloadEvent): WireMessage {
  return { topic: "downloads", key: e.userId, value: JSON.stringify(e) };
}

export function apiMessage(e: ApiEvent): WireMessage {
  return { topic: "api", key: e.endpoint, value: JSON.stringify(e) };
}
